// The methodology form's schema: every parameter, with the rules that keep a methodology coherent.
import { z } from 'zod';
import { nameText } from '../shared/plain-text.js';
import { SIZE_CLASSES } from '../partners/size-class.js';

export { SIZE_CLASSES };
import { DEFAULT_PARAMETERS, type MethodologyParameters } from './methodology.js';
import { RECOMMENDATIONS } from './score.js';
import { pageFields } from '../shared/schema-parts.js';

const number = (min: number, max: number) =>
  z.number({ error: 'validation.number' }).min(min, 'validation.tooSmall').max(max, 'validation.tooBig');
const whole = (min: number, max: number) => number(min, max).int('validation.integer');
const score = number(0, 100);
const weight = number(0, 1);
const SUM_TOLERANCE = 0.0005;

export const methodologySchema = z
  .object({
    name: nameText('validation.required').trim().min(2, 'validation.nameLength').max(200, 'validation.nameLength'),
    parameters: z.object({
      sizeBands: z.object({ smallMin: whole(1, 100_000), mediumMin: whole(1, 100_000), largeMin: whole(1, 100_000) }),
      sizeScores: z.object({ micro: score, small: score, medium: score, large: score }),
      smallClasses: z
        .array(z.enum(SIZE_CLASSES, { error: 'validation.invalidOption' }), { error: 'validation.smallClasses' })
        .min(1, 'validation.smallClasses'),
      response: z.object({
        bestHours: number(0, 8760),
        worstHours: number(0, 8760),
        windowDays: whole(1, 3650),
        minEvents: whole(1, 1000),
      }),
      adminSteps: z.object({ best: whole(0, 50), worst: whole(0, 50) }),
      quality: z.object({ windowDays: whole(1, 3650) }),
      agilityWeights: z.object({ response: weight, adminSteps: weight }),
      weights: z.object({ size: weight, response: weight, adminSteps: weight, quality: weight }),
      agileThreshold: score,
      recommendation: z.object({ minCompleteness: number(0, 1), keepPriorityMin: score, keepMin: score }),
      evidence: z.object({
        blendDeclared: z.boolean({ error: 'validation.invalidOption' }),
        declaredScoreCap: score,
        neutralScore: score.nullable(),
        priorityNeedsVerified: z.boolean({ error: 'validation.invalidOption' }),
      }),
    }),
  })
  .superRefine(({ parameters: p }, ctx) => {
    const issue = (path: string[], message: string, params: Record<string, string | number> = {}) =>
      ctx.addIssue({ code: 'custom', path: ['parameters', ...path], message, params });
    const weightSum = p.weights.size + p.weights.response + p.weights.adminSteps + p.weights.quality;
    if (Math.abs(weightSum - 1) > SUM_TOLERANCE)
      issue(['weights', 'size'], 'validation.weightsSum', { sum: Number(weightSum.toFixed(3)) });
    const agilitySum = p.agilityWeights.response + p.agilityWeights.adminSteps;
    if (Math.abs(agilitySum - 1) > SUM_TOLERANCE)
      issue(['agilityWeights', 'response'], 'validation.weightsSum', { sum: Number(agilitySum.toFixed(3)) });
    if (!(p.sizeBands.smallMin < p.sizeBands.mediumMin && p.sizeBands.mediumMin < p.sizeBands.largeMin))
      issue(['sizeBands', 'mediumMin'], 'validation.bandsOrder');
    if (!(p.response.bestHours < p.response.worstHours)) issue(['response', 'worstHours'], 'validation.responseOrder');
    if (!(p.adminSteps.best < p.adminSteps.worst)) issue(['adminSteps', 'worst'], 'validation.stepsOrder');
    if (!(p.recommendation.keepMin <= p.recommendation.keepPriorityMin))
      issue(['recommendation', 'keepMin'], 'validation.keepOrder');
  });

export type MethodologyInput = { name: string; parameters: MethodologyParameters };

const BOOLEAN_FIELDS = new Set(['parameters.evidence.blendDeclared', 'parameters.evidence.priorityNeedsVerified']);
/** Left empty, the neutral score means "renormalize over the components present", as version 1 did. */
const EMPTY_IS_NULL = new Set(['parameters.evidence.neutralScore']);

/** A posted value as text. The form posts strings, and a repeated field an array, joined as String() joins it. */
function formText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(formText).join(',');
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** Form fields are named by their path ("parameters.weights.size"); this rebuilds the nested input. */
export function methodologyInputFromForm(body: Record<string, unknown>): unknown {
  const parameters: Record<string, unknown> = {};
  // Only the methodology's own fields: any other name (such as "parameters.__proto__.x") is ignored.
  const known = new Set(Object.keys(methodologyFormValues('', DEFAULT_PARAMETERS)));
  for (const [key, value] of Object.entries(body)) {
    const path = key.split('.').slice(1);
    const leaf = path.at(-1);
    if (!known.has(key) || leaf === undefined) continue;
    let node = parameters;
    for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    const text = formText(value).trim();
    if (leaf === 'smallClasses') node[leaf] = Array.isArray(value) ? value : value === undefined ? [] : [value];
    else if (BOOLEAN_FIELDS.has(key)) node[leaf] = text === 'true' ? true : text === 'false' ? false : text;
    else if (EMPTY_IS_NULL.has(key) && text === '') node[leaf] = null;
    else {
      // Decimal comma or point, as the user's locale writes it ("0,3" or "0.3").
      const number = text.replace(',', '.');
      node[leaf] = number !== '' && !Number.isNaN(Number(number)) ? Number(number) : text;
    }
  }
  parameters.smallClasses ??= [];
  return { name: body.name, parameters };
}

/** The fields of a parameters object or one of its groups, as plain values. */
function fieldsOf(node: object): [string, unknown][] {
  return Object.entries(node);
}

/**
 * The flat form values of a methodology, for pre-filling the form; numbers are written with the
 * user's decimal separator ("0,3" in Spanish).
 */
export function methodologyFormValues(
  name: string,
  parameters: MethodologyParameters,
  decimalSeparator: '.' | ',' = '.',
): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = { name };
  const walk = (node: object, prefix: string) => {
    for (const [key, value] of fieldsOf(node)) {
      const path = `${prefix}.${key}`;
      if (Array.isArray(value)) values[path] = value.map(String);
      else if (value !== null && typeof value === 'object') walk(value, path);
      else if (value === null) values[path] = '';
      else if (typeof value === 'number') values[path] = String(value).replace('.', decimalSeparator);
      else if (typeof value === 'string' || typeof value === 'boolean') values[path] = String(value);
    }
  };
  walk(parameters, 'parameters');
  return values;
}

/** Each parameter whose value differs between two methodologies, by its form path ("weights.size"). */
export function parameterChanges(
  from: MethodologyParameters,
  to: MethodologyParameters,
): { path: string; from: string | string[]; to: string | string[] }[] {
  const before = methodologyFormValues('', from);
  const after = methodologyFormValues('', to);
  return Object.entries(after)
    .filter(([key, value]) => key !== 'name' && JSON.stringify(before[key] ?? null) !== JSON.stringify(value))
    .map(([key, value]) => ({ path: key.slice('parameters.'.length), from: before[key] ?? '', to: value }));
}

/** The ranking's filters and page, for the page (lenient) and the API (strict) alike. */
export const scoreListQuerySchema = z.object({
  territoryId: z.coerce.number({ error: 'validation.unknownId' }).int().positive().optional(),
  assistanceTypeId: z.coerce.number({ error: 'validation.unknownId' }).int().positive().optional(),
  sizeClass: z.enum(SIZE_CLASSES, { error: 'validation.invalidOption' }).optional(),
  recommendation: z.enum(RECOMMENDATIONS, { error: 'validation.invalidOption' }).optional(),
  ...pageFields,
});

/** The ranking's filters as address parameters, in the schema's order, for paging links that keep them. */
export function rankingFilterParams(query: z.output<typeof scoreListQuerySchema>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['territoryId', 'assistanceTypeId', 'sizeClass', 'recommendation'] as const) {
    const value = query[key];
    if (value !== undefined) params.set(key, String(value));
  }
  return params;
}
