declare const deidentifiedBrand: unique symbol;

/**
 * A value that has passed through Chartside's de-identification engine. Only `server/deid/` may produce
 * one (through `markDeidentified`); inference entry points accept nothing else, so handing raw chart data
 * to a model is a compile error.
 */
export type Deidentified<T> = T & { readonly [deidentifiedBrand]: true };

/** @internal For server/deid/ only: brands a value the engine has just de-identified. */
export function markDeidentified<T>(value: T): Deidentified<T> {
  return value as Deidentified<T>;
}
