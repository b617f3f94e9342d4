/**
 * Personas: a name, a one-line description, the figures behind it in the columns' own units and a
 * recommended action for each segment, read from its profile. An outcome column (churn, response…)
 * decides first: a segment where most churned is never "steady". Otherwise columns are matched to
 * roles by name (income, spend, loyalty, frequency, age, recency); other datasets get names from
 * their strongest traits. The rule that fired is returned as text, so the user sees why.
 */
import type { ProfiledFlag, SegmentProfile } from './profile';

/** A column's business meaning, guessed from its name. */
export type ColumnRoleHint = 'income' | 'spend' | 'loyalty' | 'frequency' | 'age' | 'recency';

/** What the marketing team should do with a segment. */
export type PersonaAction = 'VIP programme' | 'Upsell' | 'Retention campaign' | 'Re-engagement' | 'Nurture' | 'Investigate';

/** One segment's persona. */
export interface Persona {
  segment: number;
  name: string;
  description: string;
  action: PersonaAction;
  /** The rule that produced the name and action, in words. */
  rule: string;
  /** The segment's distinguishing figures in real units, each against all clustered customers ("MonthlyCharges 89.2 (all 64.8)", "Churn = Yes 48 % (all 27 %)"). */
  figures: string[];
}

/** An outcome decides a persona when its rate is at least this many times the overall rate… */
export const outcomeRatio = 1.5;
/** …and at least this much above it (10 points). */
export const outcomeMargin = 0.1;
/** A segment where at least this share has the bad outcome is named after it. */
export const outcomeMostly = 0.9;

/** A clustered categorical's level is a figure of a segment when its share there is at least this much above its share overall (20 points). */
export const levelLift = 0.2;

/** Outcomes where the positive word is bad news (churn, cancel, default…); others (response, accepted…) are good news. */
const badOutcome = /churn|attrit|exit|cancel|default|left|lost|lapse|complain/i;

const roleMatchers: [ColumnRoleHint, RegExp, number][] = [
  ['income', /income|salary|earning/i, 1],
  ['spend', /spend|purchase_amount|amount|monetary|revenue|^mnt/i, 1],
  ['loyalty', /loyal/i, 1],
  ['frequency', /freq|num.*purchases|orders|visits/i, 1],
  ['age', /^age$|_age$|^age_/i, 1],
  // A birth year rises as age falls.
  ['age', /birth/i, -1],
  ['recency', /recen|days_since/i, 1],
];

/** The role a column name suggests and its sign (−1 when the column runs against the role). */
export function roleOfColumn(name: string): { role: ColumnRoleHint; sign: number } | undefined {
  if (/ratio|_to_|per_/i.test(name)) return undefined;
  for (const [role, re, sign] of roleMatchers) if (re.test(name)) return { role, sign };
  return undefined;
}

const roleWords: Record<ColumnRoleHint, [string, string]> = {
  income: ['high income', 'low income'],
  spend: ['high spend', 'low spend'],
  loyalty: ['loyal', 'low loyalty'],
  frequency: ['frequent buyers', 'infrequent buyers'],
  age: ['older', 'younger'],
  recency: ['long since last purchase', 'bought recently'],
};

/** Names, describes and recommends an action for every segment of `profile`. */
export function personasOf(profile: SegmentProfile): Persona[] {
  const f = profile.features.length;
  const roles = profile.features.map((name) => roleOfColumn(name));
  const personas: Persona[] = [];
  for (let c = 0; c < profile.k; c++) {
    const zOf = (role: ColumnRoleHint): number | undefined => {
      let s = 0;
      let m = 0;
      roles.forEach((r, j) => {
        if (r?.role === role) {
          s += r.sign * profile.z[c * f + j];
          m++;
        }
      });
      return m ? s / m : undefined;
    };
    const z: Partial<Record<ColumnRoleHint, number>> = {};
    for (const role of Object.keys(roleWords) as ColumnRoleHint[]) {
      const v = zOf(role);
      if (v !== undefined) z[role] = v;
    }
    const valueRoles = (['spend', 'loyalty', 'frequency'] as const).filter((r) => z[r] !== undefined);
    const value = valueRoles.length ? valueRoles.reduce((s, r) => s + (z[r] as number), 0) / valueRoles.length : undefined;
    const traits = describeTraits(profile, c, roles);
    const description = traits.length ? traits.join(', ') : 'close to the average customer on every feature';
    const fmt = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}σ`;
    const outcome = outcomePersona(profile, c, value);
    const outcomeRate = outcome?.rate;
    let persona: Omit<Persona, 'segment' | 'description' | 'figures'>;
    if (outcome?.persona) {
      persona = outcome.persona;
    } else if (value !== undefined && value >= 1) {
      persona = { name: 'High-value loyalists', action: 'VIP programme', rule: `mean z of ${valueRoles.join(', ')} = ${fmt(value)} ≥ +1σ` };
    } else if (value !== undefined && value >= 0.5) {
      persona = { name: 'Engaged regulars', action: 'Upsell', rule: `mean z of ${valueRoles.join(', ')} = ${fmt(value)} between +0.5σ and +1σ` };
    } else if (z.income !== undefined && z.income >= 0.5 && value !== undefined && value < z.income - 0.5) {
      persona = { name: 'Under-spending affluent', action: 'Upsell', rule: `income ${fmt(z.income)} ≥ +0.5σ but spend/loyalty only ${fmt(value)}` };
    } else if (((z.loyalty !== undefined && z.loyalty <= -0.5) || (z.recency !== undefined && z.recency >= 0.5)) && !(outcomeRate && outcomeRate.bad && outcomeRate.rate <= outcomeRate.all)) {
      const why = z.loyalty !== undefined && z.loyalty <= -0.5 ? `loyalty ${fmt(z.loyalty)} ≤ −0.5σ` : `recency ${fmt(z.recency as number)} ≥ +0.5σ`;
      persona = { name: value !== undefined && value <= -1 ? 'Lapsing low spenders' : 'At-risk customers', action: value !== undefined && value <= -1 ? 'Re-engagement' : 'Retention campaign', rule: why };
    } else if (value !== undefined && value <= -0.5) {
      persona = { name: 'Low-engagement customers', action: 'Re-engagement', rule: `mean z of ${valueRoles.join(', ')} = ${fmt(value)} ≤ −0.5σ` };
    } else if (value !== undefined) {
      persona = { name: 'Steady mainstream', action: 'Nurture', rule: `mean z of ${valueRoles.join(', ')} = ${fmt(value)} within ±0.5σ` };
    } else {
      persona = genericPersona(profile, c);
    }
    personas.push({ segment: c, description: capitalise(description), ...persona, figures: figuresOf(profile, c) });
  }
  return dedupeNames(personas);
}

/** The profile's outcome column: the first yes/no column that is the target or named like an outcome. */
function outcomeFlag(profile: SegmentProfile): ProfiledFlag | undefined {
  return profile.flags.find((f) => f.isOutcome);
}

/** The persona an outcome rate decides (a bad outcome well above the overall rate, or a good one), and the rate. */
function outcomePersona(
  profile: SegmentProfile,
  c: number,
  value: number | undefined,
): { rate: { rate: number; all: number; bad: boolean }; persona?: Omit<Persona, 'segment' | 'description' | 'figures'> } | undefined {
  const flag = outcomeFlag(profile);
  if (!flag) return undefined;
  const f = profile.features.length;
  const name = profile.features[flag.feature];
  const rate = profile.mean[c * f + flag.feature];
  const all = profile.overallMean[flag.feature];
  if (!Number.isFinite(rate) || !Number.isFinite(all)) return undefined;
  const bad = badOutcome.test(name) || badOutcome.test(flag.positive);
  const said = `${name} = ${flag.positive} in ${percent(rate)} of the segment`;
  const high = rate >= outcomeRatio * all && rate >= all + outcomeMargin;
  const rates = { rate, all, bad };
  if (bad && rate >= outcomeMostly) {
    return { rate: rates, persona: { name: 'Lost customers', action: 'Re-engagement', rule: `${said} (at least ${percent(outcomeMostly)})` } };
  }
  if (!high) return { rate: rates };
  const versus = `${said} against ${percent(all)} overall (at least ${outcomeRatio}× and ${percent(outcomeMargin).replace(' %', '')} points more)`;
  if (bad) {
    const valuable = value !== undefined && value >= 0.5;
    return { rate: rates, persona: { name: valuable ? 'Valuable customers at risk' : 'High churn risk', action: 'Retention campaign', rule: versus } };
  }
  return { rate: rates, persona: { name: 'Responsive customers', action: 'Upsell', rule: versus } };
}

/**
 * The outcome's rate, then the traits with |z| ≥ 0.5 (strongest first, at most four), each in its
 * column's units against all customers, then per clustered categorical the level most over-represented
 * in the segment, when {@link levelLift} or more above its overall share.
 */
function figuresOf(profile: SegmentProfile, c: number): string[] {
  return [...numericFigures(profile, c), ...levelFigures(profile, c)];
}

/** "Contract = Month-to-month 92 % (all 55 %)" for each clustered categorical whose top level stands out. */
function levelFigures(profile: SegmentProfile, c: number): string[] {
  const flagged = new Set(profile.flags.map((f) => profile.features[f.feature]));
  return profile.categorical.flatMap((mix) => {
    if (!mix.isClustered || flagged.has(mix.name)) return [];
    const levels = mix.dictionary.length;
    let best = -1;
    for (let l = 0; l < levels; l++) {
      const lift = mix.share[c * levels + l] - mix.overall[l];
      if (lift >= levelLift - 1e-12 && (best < 0 || lift > mix.share[c * levels + best] - mix.overall[best])) best = l;
    }
    return best < 0 ? [] : [`${mix.name} = ${mix.dictionary[best]} ${percent(mix.share[c * levels + best])} (all ${percent(mix.overall[best])})`];
  });
}

/** The outcome's rate, then the numeric traits. */
function numericFigures(profile: SegmentProfile, c: number): string[] {
  const f = profile.features.length;
  const flag = outcomeFlag(profile);
  const flags = new Map(profile.flags.map((x) => [x.feature, x]));
  const traits = profile.features
    .map((_, j) => j)
    .filter((j) => j !== flag?.feature && Math.abs(profile.z[c * f + j]) >= 0.5)
    .sort((a, b) => Math.abs(profile.z[c * f + b]) - Math.abs(profile.z[c * f + a]))
    .slice(0, 4);
  return [...(flag ? [flag.feature] : []), ...traits].map((j) => {
    const mean = profile.mean[c * f + j];
    const all = profile.overallMean[j];
    const yes = flags.get(j);
    if (yes) return `${profile.features[j]} = ${yes.positive} ${percent(mean)} (all ${percent(all)})`;
    const year = profile.yearLike[j] ?? false;
    return `${profile.features[j]} ${amount(mean, year)} (all ${amount(all, year)})`;
  });
}

/** A share in percent, one decimal under 10 %. */
function percent(share: number): string {
  const p = share * 100;
  return `${p < 10 && p > 0 ? p.toFixed(1) : Math.round(p)} %`;
}

/** An amount in the column's units: years as written, large amounts whole with thousands separators, small ones to 3 significant digits. */
export function amount(x: number, year = false): string {
  if (!Number.isFinite(x)) return '—';
  if (year) return String(Math.round(x));
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  if (Math.abs(x) >= 100) return x.toFixed(0);
  return String(Number(x.toPrecision(3)));
}

/** Traits with |z| ≥ 0.5, strongest first (at most four), in words. */
function describeTraits(profile: SegmentProfile, c: number, roles: ({ role: ColumnRoleHint; sign: number } | undefined)[]): string[] {
  const f = profile.features.length;
  const items = profile.features
    .map((name, j) => ({ name, j, z: profile.z[c * f + j] }))
    .filter((t) => Math.abs(t.z) >= 0.5)
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
    .slice(0, 4);
  const seen = new Set<string>();
  const words: string[] = [];
  for (const t of items) {
    const r = roles[t.j];
    const strength = Math.abs(t.z) >= 1 ? 'well ' : '';
    let phrase: string;
    if (r) {
      const word = roleWords[r.role][r.sign * t.z > 0 ? 0 : 1];
      phrase = strength ? (r.role === 'age' ? `much ${word}` : `very ${word}`) : word;
    } else {
      phrase = `${t.name} ${strength}${t.z > 0 ? 'above' : 'below'} average`;
    }
    if (!seen.has(phrase)) words.push(phrase);
    seen.add(phrase);
  }
  return words;
}

/** A persona named after the segment's one or two strongest traits, for datasets without known roles. */
function genericPersona(profile: SegmentProfile, c: number): Omit<Persona, 'segment' | 'description' | 'figures'> {
  const f = profile.features.length;
  let best = -1;
  for (let j = 0; j < f; j++) if (best < 0 || Math.abs(profile.z[c * f + j]) > Math.abs(profile.z[c * f + best])) best = j;
  if (best < 0 || Math.abs(profile.z[c * f + best]) < 0.5) {
    return { name: `Typical segment ${c + 1}`, action: 'Investigate', rule: 'no feature differs from the average by 0.5σ or more' };
  }
  const zb = profile.z[c * f + best];
  let second = -1;
  for (let j = 0; j < f; j++) if (j !== best && Math.abs(profile.z[c * f + j]) >= 0.5 && (second < 0 || Math.abs(profile.z[c * f + j]) > Math.abs(profile.z[c * f + second]))) second = j;
  const word = (j: number, capital: boolean): string => `${profile.z[c * f + j] > 0 ? (capital ? 'High' : 'high') : capital ? 'Low' : 'low'} ${profile.features[j]}`;
  const name = second < 0 ? word(best, true) : `${word(best, true)}, ${word(second, false)}`;
  return { name, action: 'Investigate', rule: `strongest trait: ${profile.features[best]} z = ${zb.toFixed(2)} (no income/spend/loyalty columns recognised by name)` };
}

function dedupeNames(personas: Persona[]): Persona[] {
  const counts = new Map<string, number>();
  for (const p of personas) counts.set(p.name, (counts.get(p.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  return personas.map((p) => {
    if ((counts.get(p.name) ?? 0) < 2) return p;
    const i = (seen.get(p.name) ?? 0) + 1;
    seen.set(p.name, i);
    return { ...p, name: `${p.name} ${i}` };
  });
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
