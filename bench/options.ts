/** Command-line option parsers the bench scripts share (commander). */
import { InvalidArgumentError } from 'commander';

/** A whole number of at least `min`; with `orZero`, 0 too (meaning "none"). */
export const wholeNumber =
  (min: number, options: { orZero?: boolean } = {}) =>
  (value: string): number => {
    const n = Number(value);
    const ok = Number.isInteger(n) && (n >= min || (options.orZero === true && n === 0));
    if (!ok)
      throw new InvalidArgumentError(`${options.orZero ? '0, or ' : ''}a whole number of at least ${min}`);
    return n;
  };
