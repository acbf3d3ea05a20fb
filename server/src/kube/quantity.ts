/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): the syntax `ParseQuantity` accepts and
 * exact comparison. A quantity is kept as a fraction of big integers, so `1.5Gi` and `1536Mi` compare equal.
 */

export interface Quantity {
  numerator: bigint;
  denominator: bigint;
}

const binary: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const decimal: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

export const quantityFormatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** The quantity, or undefined when the API server would refuse to decode it. Numbers (a YAML `0.5`) are accepted. */
export function parseQuantity(value: unknown): Quantity | undefined {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string') return undefined;
  const match = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(.*)$/.exec(text);
  if (!match) return undefined;
  const [, sign, digits, suffix] = match as unknown as [string, string, string, string];
  const [whole, fraction = ''] = digits.split('.');
  let numerator = BigInt(`${whole || '0'}${fraction}`) * (sign === '-' ? -1n : 1n);
  let denominator = 10n ** BigInt(fraction.length);
  let exponent: number;
  if (suffix in binary) {
    numerator *= binary[suffix]!;
    exponent = 0;
  } else if (suffix in decimal) {
    exponent = decimal[suffix]!;
  } else {
    const scientific = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
    if (!scientific) return undefined;
    exponent = Number(scientific[1]);
    if (Math.abs(exponent) > 100) return undefined; // far beyond anything the API server keeps
  }
  if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
  else denominator *= 10n ** BigInt(-exponent);
  return { numerator, denominator };
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

export const isNegative = (quantity: Quantity): boolean => quantity.numerator < 0n;
export const isInteger = (quantity: Quantity): boolean => quantity.numerator % quantity.denominator === 0n;
