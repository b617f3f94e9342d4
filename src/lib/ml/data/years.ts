/** Whether a number column holds years (Year_Birth, signup_year): written as plain digits, never "1,957". */

/**
 * Are the values of an integer column years: every present value a whole number from 1000 to 2999
 * and at least 95 % of them in 1900–2100 (Year_Birth has a few births before 1900 in a real file)?
 */
export function isYearLike(values: Float64Array): boolean {
  let present = 0;
  let modern = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v) || v < 1000 || v > 2999) return false;
    present++;
    if (v >= 1900 && v <= 2100) modern++;
  }
  return present > 0 && modern >= 0.95 * present;
}
