#!/bin/sh
# The image's entry point: `IMAGE` and `IMAGE --api alchemyst ...` run `jobtwin mock ...`;
# `IMAGE mock|conform|specs|--version|--help ...` run that command. exec: node becomes PID 1
# and gets SIGTERM itself (jobtwin mock stops on it with exit code 0).
set -e
case "${1:-}" in
  '') set -- mock ;;
  -v | --version | -h | --help) ;;
  -*) set -- mock "$@" ;;
esac
exec node /app/dist/src/cli/main.js "$@"
