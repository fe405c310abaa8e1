#!/usr/bin/env node
// The `chartside` executable: registers tsx's loader, then runs the CLI written in TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli/main.ts');
