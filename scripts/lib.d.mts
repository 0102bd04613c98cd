// Types for the part of lib.mjs that tests import (the project type-checks TypeScript only).
export const root: string;
