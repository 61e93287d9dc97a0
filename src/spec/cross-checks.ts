// Stage 4: what the root extension and the operations must agree on.
import type { ApiModel } from './model.js';
import type { RootExtension } from './extension-types.js';
import { SpecError } from './spec-error.js';

export function crossCheck(file: string, ext: RootExtension, byRole: ApiModel['byRole']): void {
  if (!byRole.create) throw new SpecError(`${file}#/paths: no operation has x-jobtwin role "create"`);
  if (ext.lifecycle.cancel && !byRole.cancel) {
    throw new SpecError(`${file}#/x-jobtwin/lifecycle/cancel: cancel rules are declared but no operation has role "cancel"`);
  }
}
