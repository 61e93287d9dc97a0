// The project compiles without `experimentalDecorators`, so this app applies NestJS's and
// class-validator's decorators as the TypeScript compiler's own `__decorate` helper would: the same
// decorator functions, in the same order (last listed runs first), and the `design:*` metadata that
// `emitDecoratorMetadata` would have written (ValidationPipe reads the DTO class from it).
/* eslint-disable @typescript-eslint/no-unsafe-function-type -- design:type metadata holds constructors such as String and Function */
import 'reflect-metadata';

type Any = any;

/** Class decorators (a controller, a module, an injectable), and the constructor's parameter types. */
export function decorateClass<T extends Function>(target: T, decorators: Any[], paramtypes?: Function[]): T {
  if (paramtypes) Reflect.defineMetadata('design:paramtypes', paramtypes, target);
  return Reflect.decorate(decorators, target) as T;
}

/** Method decorators (a route, HttpCode) and per-parameter decorators (@Body(), @Param('id', Pipe)). */
export function decorateMethod(target: Function, method: string, decorators: Any[], params: Array<Any[]>, paramtypes: Function[]): void {
  const proto = target.prototype;
  Reflect.defineMetadata('design:type', Function, proto, method);
  Reflect.defineMetadata('design:paramtypes', paramtypes, proto, method);
  Reflect.defineMetadata('design:returntype', Object, proto, method);
  const paramDecorators = params.flatMap((list, index) => list.map((d: Any) => (t: object, k: string | symbol) => d(t, k, index)));
  const descriptor = Object.getOwnPropertyDescriptor(proto, method)!;
  const result = Reflect.decorate([...decorators, ...paramDecorators], proto, method, descriptor);
  if (result) Object.defineProperty(proto, method, result as PropertyDescriptor);
}

/** Constructor parameter decorators (@Inject(TOKEN)). */
export function decorateCtorParam(target: Function, index: number, decorator: Any): void {
  decorator(target, undefined, index);
}

/** Property decorators (class-validator, class-transformer), with the property's design type. */
export function decorateProperty(target: Function, property: string, type: Function, decorators: Any[]): void {
  Reflect.defineMetadata('design:type', type, target.prototype, property);
  Reflect.decorate(decorators, target.prototype, property);
}
