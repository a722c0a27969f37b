/**
 * The schema library every module of Caseline imports: `zod/mini`, whose functions tree-shake, so a
 * function's bundle carries only the validators it uses (docs/performance.md). Unlike classic zod,
 * `zod/mini` loads no messages; English ones are configured here, once, so a problem document says
 * "Too small: expected string to have >=1 characters" and not "Invalid input".
 */

import * as z from 'zod/mini'
import en from 'zod/v4/locales/en.js'

z.config(en())

export * from 'zod/mini'
