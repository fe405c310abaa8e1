import { z } from 'zod';

/**
 * The CLI's wording of zod's generic issues, for flags: `--parallel: must be a number`, not "Invalid input:
 * expected number, received NaN". Never quotes the value given. Set once by the CLI's entry; the server keeps
 * zod's defaults (its messages name body and query fields).
 */
export function useFlagMessages(): void {
  z.config({
    customError: (issue) => {
      if (issue.code === 'invalid_type' && issue.expected === 'number') return 'must be a number';
      if (issue.code === 'too_small' && issue.origin === 'number') {
        return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}`;
      }
      if (issue.code === 'too_big' && issue.origin === 'number') {
        return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}`;
      }
      if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1) {
        return 'must not be empty';
      }
      if (issue.code === 'too_small' && issue.origin === 'array' && Number(issue.minimum) === 1) {
        return 'needs at least one value';
      }
      if (issue.code === 'invalid_value' && issue.values.length > 0) {
        return `must be one of ${issue.values.map(String).join(', ')}`;
      }
      return undefined;
    },
  });
}
