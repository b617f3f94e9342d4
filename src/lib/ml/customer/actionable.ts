/**
 * Which profile fields a business can act on, for "what would change the outcome": by default the
 * behaviour a campaign can move (purchase frequency, loyalty programme, visits, orders, contract…),
 * never who the customer is (age, region, gender, income…). The page lets the user change the choice.
 */
import type { ActionableFeature } from './counterfactual';
import type { ProfileInput } from './profile-row';

/** Name parts of behaviour a campaign can move. */
const actionLike = /freq|loyal|visit|purchas|spend|order|engag|session|usage|login|contact|satisf|member|program|subscri|discount|coupon|promo|support|contract|plan|offer|campaign|email|newsletter|basket|cart/i;
/** Name parts of who the customer is: never suggested by default. */
const demographic = new Set(['age', 'region', 'gender', 'sex', 'country', 'city', 'state', 'zip', 'postcode', 'postal', 'birth', 'dob', 'race', 'ethnicity', 'marital', 'income', 'salary', 'nationality', 'education', 'children', 'kids', 'household', 'location', 'province', 'county', 'year', 'born']);

/** The words of a column name: `purchase_frequency` → purchase, frequency; `AnnualIncome` → annual, income. */
function wordsOf(name: string): string[] {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z]+/).filter(Boolean);
}

/** Can a search change this input at all (read by the risk model, a number, category or yes/no)? */
export function canAct(input: ProfileInput): boolean {
  return input.usedBy.includes('risk') && input.kind !== 'date' && !(input.kind === 'number' && input.min === input.max);
}

/** The inputs suggested as actionable: behaviour-like names, no demographic word, read by the risk model. */
export function defaultActionable(inputs: readonly ProfileInput[]): string[] {
  return inputs.filter((i) => canAct(i) && actionLike.test(i.name) && !wordsOf(i.name).some((w) => demographic.has(w))).map((i) => i.name);
}

/** The search's view of the inputs named in `names` (their data ranges, slider step and spread). */
export function actionableFeatures(inputs: readonly ProfileInput[], names: readonly string[]): ActionableFeature[] {
  const wanted = new Set(names);
  return inputs
    .filter((i) => wanted.has(i.name) && canAct(i))
    .map((i) => ({
      name: i.name,
      kind: i.kind === 'category' ? 'category' : i.kind === 'boolean' ? 'boolean' : 'number',
      min: i.min,
      max: i.max,
      step: i.step,
      // categories and yes/no count a change as 1; an input made before the spread was recorded: the sd of a uniform spread over its range, range/√12
      sd: i.kind !== 'number' ? 0 : (i.sd ?? (i.max - i.min) / Math.sqrt(12)),
      levels: i.levels,
      ...(i.labels ? { labels: i.labels } : {}),
    }));
}
