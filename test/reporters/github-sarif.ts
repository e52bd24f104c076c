// GitHub code scanning's documented ingestion rules for a SARIF upload ("SARIF support for code
// scanning": the supported properties, which of them are required and non-empty, and the upload
// limits of "SARIF results exceed one or more limits"), as a checker that lists what breaks them.
import { gzipSync } from 'node:zlib';
import type { Log, ReportingDescriptor, Result, Run } from 'sarif';

/** Maximum values: over any of them the upload is rejected. */
export const GITHUB_LIMITS = {
  gzipBytes: 10 * 1024 * 1024,
  runsPerFile: 20,
  resultsPerRun: 25_000,
  rulesPerRun: 25_000,
  toolExtensionsPerRun: 100,
  threadFlowLocationsPerResult: 10_000,
  /** The result table says "up to a maximum of 10"; the limits table rejects over 1,000. */
  locationsPerResult: 10,
  tagsPerRule: 20,
  ruleNameLength: 255,
  descriptionLength: 1024,
} as const;

const LEVELS = new Set(['note', 'warning', 'error']);
const PRECISIONS = new Set(['very-high', 'high', 'medium', 'low']);
const PROBLEM_SEVERITIES = new Set(['error', 'warning', 'recommendation']);

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const positive = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 1;

function ruleProblems(rule: ReportingDescriptor, where: string): string[] {
  const out: string[] = [];
  if (!nonEmpty(rule.id)) out.push(`${where}.id is required`);
  if (rule.name !== undefined && rule.name.length > GITHUB_LIMITS.ruleNameLength) out.push(`${where}.name is over ${GITHUB_LIMITS.ruleNameLength} characters`);
  for (const key of ['shortDescription', 'fullDescription'] as const) {
    const text = rule[key]?.text;
    if (!nonEmpty(text)) out.push(`${where}.${key}.text is required`);
    else if (text.length > GITHUB_LIMITS.descriptionLength) out.push(`${where}.${key}.text is over ${GITHUB_LIMITS.descriptionLength} characters`);
  }
  if (!nonEmpty(rule.help?.text)) out.push(`${where}.help.text is required`);
  const level = rule.defaultConfiguration?.level;
  if (level !== undefined && !LEVELS.has(level)) out.push(`${where}.defaultConfiguration.level "${level}" is not note, warning or error`);
  const properties = (rule.properties ?? {}) as Record<string, unknown>;
  const tags = properties.tags;
  if (tags !== undefined && (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string'))) out.push(`${where}.properties.tags must be strings`);
  if (Array.isArray(tags) && tags.length > GITHUB_LIMITS.tagsPerRule) out.push(`${where} has ${tags.length} tags (limit ${GITHUB_LIMITS.tagsPerRule})`);
  if (properties.precision !== undefined && !PRECISIONS.has(String(properties.precision))) out.push(`${where}.properties.precision "${String(properties.precision)}" is not documented`);
  const severity = properties['problem.severity'];
  if (severity !== undefined && !PROBLEM_SEVERITIES.has(String(severity))) out.push(`${where}.properties.problem.severity "${String(severity)}" is not documented`);
  if (rule.helpUri !== undefined && !URL.canParse(rule.helpUri)) out.push(`${where}.helpUri is not an absolute URI`);
  return out;
}

function resultProblems(result: Result, run: Run, where: string): string[] {
  const out: string[] = [];
  const rules = run.tool.driver.rules ?? [];
  if (result.ruleIndex !== undefined && rules[result.ruleIndex]?.id !== result.ruleId) out.push(`${where}.ruleIndex does not point at rule ${result.ruleId ?? '?'}`);
  if (result.ruleId !== undefined && !rules.some((r) => r.id === result.ruleId)) out.push(`${where}.ruleId ${result.ruleId} is not in tool.driver.rules`);
  if (result.level !== undefined && !LEVELS.has(result.level)) out.push(`${where}.level "${result.level}" is not note, warning or error`);
  if (!nonEmpty(result.message.text)) out.push(`${where}.message.text is required`);
  const locations = result.locations ?? [];
  if (locations.length === 0) out.push(`${where} has no location (code scanning cannot show it)`);
  if (locations.length > GITHUB_LIMITS.locationsPerResult) out.push(`${where} has ${locations.length} locations (limit ${GITHUB_LIMITS.locationsPerResult})`);
  const primary = locations[0]?.physicalLocation;
  if (locations.length > 0) {
    if (!nonEmpty(primary?.artifactLocation?.uri)) out.push(`${where}.locations[0].physicalLocation.artifactLocation.uri is required`);
    const region = primary?.region;
    for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn'] as const) {
      if (!positive(region?.[key])) out.push(`${where}.locations[0].physicalLocation.region.${key} is required (an integer ≥ 1)`);
    }
  }
  const hash = result.partialFingerprints?.primaryLocationLineHash;
  if (!nonEmpty(hash) || !/^[0-9a-f]{1,16}:[1-9][0-9]*$/.test(hash)) out.push(`${where}.partialFingerprints.primaryLocationLineHash is required (hex:count), got ${JSON.stringify(hash)}`);
  const flowLocations = (result.codeFlows ?? []).flatMap((c) => c.threadFlows.flatMap((t) => t.locations)).length;
  if (flowLocations > GITHUB_LIMITS.threadFlowLocationsPerResult) out.push(`${where} has ${flowLocations} thread flow locations`);
  return out;
}

/** What would make GitHub reject the log or show it wrongly; [] when it follows every documented rule. */
export function githubSarifProblems(log: Log): string[] {
  const out: string[] = [];
  const size = gzipSync(JSON.stringify(log)).length;
  if (size > GITHUB_LIMITS.gzipBytes) out.push(`gzip-compressed size ${size} bytes is over 10 MB`);
  if (!nonEmpty(log.$schema)) out.push('$schema is required');
  if (log.version !== '2.1.0') out.push(`version must be 2.1.0, not ${String(log.version)}`);
  if (!Array.isArray(log.runs) || log.runs.length === 0) out.push('runs[] is required');
  if (log.runs.length > GITHUB_LIMITS.runsPerFile) out.push(`${log.runs.length} runs (limit ${GITHUB_LIMITS.runsPerFile})`);
  log.runs.forEach((run, r) => {
    const driver = run.tool?.driver;
    if (!nonEmpty(driver?.name)) out.push(`runs[${r}].tool.driver.name is required`);
    if (!Array.isArray(driver?.rules)) out.push(`runs[${r}].tool.driver.rules[] is required`);
    const rules = driver?.rules ?? [];
    if (rules.length > GITHUB_LIMITS.rulesPerRun) out.push(`runs[${r}] has ${rules.length} rules (limit ${GITHUB_LIMITS.rulesPerRun})`);
    if ((run.tool.extensions ?? []).length > GITHUB_LIMITS.toolExtensionsPerRun) out.push(`runs[${r}] has too many tool extensions`);
    rules.forEach((rule, i) => out.push(...ruleProblems(rule, `runs[${r}].tool.driver.rules[${i}]`)));
    if (!Array.isArray(run.results)) out.push(`runs[${r}].results[] is required`);
    const results = run.results ?? [];
    if (results.length > GITHUB_LIMITS.resultsPerRun) out.push(`runs[${r}] has ${results.length} results (limit ${GITHUB_LIMITS.resultsPerRun})`);
    results.forEach((result, i) => out.push(...resultProblems(result, run, `runs[${r}].results[${i}]`)));
    const id = run.automationDetails?.id;
    if (id !== undefined && !id.includes('/')) out.push(`runs[${r}].automationDetails.id "${id}" has no "/": code scanning reads no category from it`);
  });
  return out;
}
