import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import { AppError } from '../../errors/app-error.ts';
import { parseOrThrow } from '../../errors/parse.ts';
import { DeidProfileSchema, type DeidProfile, type ProfileRule } from './profile-schema.ts';

/** A step into a FHIR JSON value: a property name or an array index. */
export type Segment = string | number;

/** Which rule applies where in one resource: a tree of the selected locations. */
export interface PlanNode {
  rule?: ProfileRule;
  children?: Map<Segment, PlanNode>;
}

interface FhirPathNode {
  parentResNode: FhirPathNode | null;
  propName: string | null;
  index: number | null;
  data: unknown;
}

interface CompiledRule {
  readonly rule: ProfileRule;
  readonly select: (resource: object) => unknown[];
  /** Whether what it selects depends on values (a `where()`, a comparison), not only on the shape. */
  readonly dynamic: boolean;
}

const DYNAMIC = /where\(|select\(|exists\(|all\(|iif\(|=|<|>|%|resolve\(|memberOf\(|contains|startsWith|matches/;
const PLAN_CACHE_LIMIT = 10_000;

function locate(node: FhirPathNode): Segment[] {
  const segments: Segment[] = [];
  for (let n: FhirPathNode | null = node; n?.parentResNode; n = n.parentResNode) {
    if (n.index !== null && n.index !== undefined) segments.push(n.index);
    let key = n.propName ?? '';
    const parent = n.parentResNode.data;
    if (typeof parent === 'object' && parent !== null && !(key in parent)) {
      // A choice element: fhirpath names it `value`, the JSON `valueQuantity`.
      key = Object.keys(parent).find((k) => k.startsWith(key) && /^[A-Z]/.test(k.slice(key.length))) ?? key;
    }
    segments.push(key);
  }
  return segments.reverse();
}

function insert(root: PlanNode, path: readonly Segment[], rule: ProfileRule): void {
  let node = root;
  for (const segment of path) {
    if (node.rule !== undefined) return;
    node.children ??= new Map();
    let child = node.children.get(segment);
    if (child === undefined) {
      child = {};
      node.children.set(segment, child);
    }
    node = child;
  }
  node.rule = rule;
  delete node.children;
}

/**
 * The shape of a resource: its property names and array lengths, not its values. Two resources of one
 * shape get the same locations from every shape-only FHIRPath, so their plan is computed once.
 */
function shapeOf(value: unknown, out: string[]): void {
  if (Array.isArray(value)) {
    out.push(`[${value.length}`);
    for (const v of value) shapeOf(v, out);
    out.push(']');
  } else if (typeof value === 'object' && value !== null) {
    out.push('{');
    for (const [k, v] of Object.entries(value)) {
      if (k === 'extension' || k === 'modifierExtension' || k.charCodeAt(0) === 95) continue;
      out.push(k);
      shapeOf(v, out);
    }
    out.push('}');
  }
}

/**
 * A de-identification profile made ready to run: every FHIRPath compiled once with the R4 model
 * (fhirpath.js), and the plan of each resource shape cached.
 */
export class CompiledProfile {
  readonly profile: DeidProfile;
  readonly allowedExtensions: ReadonlySet<string>;
  readonly #rules = new Map<string, CompiledRule[]>();
  readonly #plans = new Map<string, Map<string, PlanNode>>();

  constructor(profile: unknown) {
    this.profile = parseOrThrow(DeidProfileSchema, profile, 'profile');
    this.allowedExtensions = new Set(this.profile.extensions);
    const common = this.profile.common.map((rule, i) => this.#compile(rule, `common rule ${i + 1}`));
    for (const [type, rules] of Object.entries(this.profile.resources)) {
      const own = rules.map((rule, i) => {
        if (!rule.path.startsWith(`${type}.`)) {
          throw new AppError('CONFIG', `profile: rule ${i + 1} of ${type} must start with "${type}."`);
        }
        return this.#compile(rule, `rule ${i + 1} of ${type}`);
      });
      this.#rules.set(type, [...common, ...own]);
      this.#plans.set(type, new Map());
    }
  }

  #compile(rule: ProfileRule, where: string): CompiledRule {
    try {
      const fn = fhirpath.compile(rule.path, r4, { resolveInternalTypes: false });
      return { rule, select: (resource) => fn(resource) as unknown[], dynamic: DYNAMIC.test(rule.path) };
    } catch (cause) {
      throw new AppError('CONFIG', `profile: ${where} is not a valid FHIRPath expression`, { cause });
    }
  }

  /** Whether the profile has rules for a resource type. */
  hasType(type: string): boolean {
    return this.#rules.has(type);
  }

  /** The plan for one resource (of a type the profile has). */
  plan(resource: { resourceType: string }): PlanNode {
    const rules = this.#rules.get(resource.resourceType) ?? [];
    const cache = this.#plans.get(resource.resourceType) ?? new Map<string, PlanNode>();
    const shape: string[] = [];
    shapeOf(resource, shape);
    const key = shape.join(',');
    let structural = cache.get(key);
    if (structural === undefined) {
      structural = {};
      for (const r of rules) if (!r.dynamic) this.#apply(structural, r, resource);
      if (cache.size >= PLAN_CACHE_LIMIT) cache.clear();
      cache.set(key, structural);
    }
    const dynamic = rules.filter((r) => r.dynamic);
    if (dynamic.length === 0) return structural;
    const plan: PlanNode = structuredClone(structural);
    for (const r of dynamic) this.#apply(plan, r, resource);
    return plan;
  }

  #apply(plan: PlanNode, compiled: CompiledRule, resource: object): void {
    for (const node of compiled.select(resource)) {
      if (typeof node !== 'object' || node === null || !('parentResNode' in node)) continue;
      const path = locate(node as FhirPathNode);
      if (path.length > 0) insert(plan, path, compiled.rule);
    }
  }
}
