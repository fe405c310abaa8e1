import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Parameters, ParametersParameter, ValueSet } from 'fhir/r4.d.ts';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { AppError } from '../errors/app-error.ts';
import { parseOrThrow } from '../errors/parse.ts';
import { ICD10CM_SYSTEM } from '../../terminology/icd10cm/code-format.ts';
import { MAX_SEARCH_TEXT } from '../../terminology/icd10cm/terminology.ts';

const FHIR_JSON = 'application/fhir+json';

const systemParam = z
  .string()
  .refine((s) => s === ICD10CM_SYSTEM, { message: `only ${ICD10CM_SYSTEM} is served here` });

const LookupQuery = z.object({
  system: systemParam,
  code: z.string().min(1, 'is required').max(16, 'is too long for a code'),
  version: z.string().optional(),
});

const ValidateQuery = z
  .object({
    url: systemParam.optional(),
    system: systemParam.optional(),
    code: z.string().min(1, 'is required').max(16, 'is too long for a code'),
    display: z.string().max(500).optional(),
    version: z.string().optional(),
  })
  .refine((q) => q.url !== undefined || q.system !== undefined, {
    message: 'url or system is required',
    path: ['url'],
  });

const ExpandQuery = z.object({
  url: systemParam,
  filter: z.string().trim().min(1, 'is required (ICD-10-CM is too large to expand whole)').max(MAX_SEARCH_TEXT),
  count: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).max(199).default(0),
  billableOnly: z.enum(['true', 'false']).optional(),
});

function checkVersion(ctx: AppContext, version: string | undefined): void {
  if (version !== undefined && version !== ctx.terminology.info.version) {
    throw new AppError(
      'NOT_FOUND',
      `ICD-10-CM version ${version.slice(0, 8)} is not loaded (loaded: ${ctx.terminology.info.version})`,
      {
        expression: ['query.version'],
      },
    );
  }
}

/**
 * FHIR R4 terminology operations over the loaded ICD-10-CM release: CodeSystem `$lookup` and
 * `$validate-code`, ValueSet `$expand` with a text filter (FHIR R4 §CodeSystem and §ValueSet operations).
 */
export function terminologyRouter(ctx: AppContext): Router {
  const router = Router();
  const t = (): typeof ctx.terminology => ctx.terminology;

  router.get('/CodeSystem/\\$lookup', (req, res) => {
    const q = parseOrThrow(LookupQuery, req.query, 'query');
    checkVersion(ctx, q.version);
    const d = t().lookup(q.code);
    const property: ParametersParameter[] = [
      {
        name: 'property',
        part: [
          { name: 'code', valueCode: 'billable' },
          { name: 'value', valueBoolean: d.billable },
        ],
      },
      {
        name: 'property',
        part: [
          { name: 'code', valueCode: 'category' },
          { name: 'value', valueCode: d.category.code },
          { name: 'description', valueString: d.category.display },
        ],
      },
    ];
    if (d.parent)
      property.push({
        name: 'property',
        part: [
          { name: 'code', valueCode: 'parent' },
          { name: 'value', valueCode: d.parent.code },
          { name: 'description', valueString: d.parent.display },
        ],
      });
    if (d.chapter)
      property.push({
        name: 'property',
        part: [
          { name: 'code', valueCode: 'chapter' },
          { name: 'value', valueString: `${d.chapter.chapter} (${d.chapter.range})` },
          { name: 'description', valueString: d.chapter.title },
        ],
      });
    for (const e of d.excludes1)
      property.push({
        name: 'property',
        part: [
          { name: 'code', valueCode: 'excludes1' },
          { name: 'value', valueString: e.note },
        ],
      });
    for (const e of d.excludes2)
      property.push({
        name: 'property',
        part: [
          { name: 'code', valueCode: 'excludes2' },
          { name: 'value', valueString: e.note },
        ],
      });
    const body: Parameters = {
      resourceType: 'Parameters',
      parameter: [
        { name: 'name', valueString: 'ICD-10-CM' },
        { name: 'version', valueString: t().info.version },
        { name: 'display', valueString: d.display },
        {
          name: 'designation',
          part: [
            {
              name: 'use',
              valueCoding: { system: 'http://terminology.hl7.org/CodeSystem/designation-usage', code: 'short' },
            },
            { name: 'value', valueString: d.shortDisplay },
          ],
        },
        ...property,
      ],
    };
    res.type(FHIR_JSON).json(body);
  });

  router.get('/CodeSystem/\\$validate-code', (req, res) => {
    const q = parseOrThrow(ValidateQuery, req.query, 'query');
    checkVersion(ctx, q.version);
    const v = t().validate(q.code);
    const parameter: ParametersParameter[] = [];
    if (!v.valid) {
      parameter.push({ name: 'result', valueBoolean: false });
      parameter.push({
        name: 'message',
        valueString:
          v.reason === 'malformed'
            ? 'not shaped like an ICD-10-CM code'
            : `${v.code} is not in ICD-10-CM ${t().info.version}`,
      });
    } else {
      const displayOk =
        q.display === undefined ||
        [v.display.toLowerCase(), v.shortDisplay.toLowerCase()].includes(q.display.trim().toLowerCase());
      parameter.push({ name: 'result', valueBoolean: displayOk });
      parameter.push({ name: 'display', valueString: v.display });
      parameter.push({ name: 'code', valueCode: v.code });
      parameter.push({ name: 'system', valueUri: ICD10CM_SYSTEM });
      parameter.push({ name: 'version', valueString: t().info.version });
      if (!displayOk)
        parameter.push({ name: 'message', valueString: `the display given does not match the title of ${v.code}` });
      else if (!v.billable)
        parameter.push({
          name: 'message',
          valueString: `${v.code} is a header code: valid, but not billable without more characters`,
        });
    }
    res.type(FHIR_JSON).json({ resourceType: 'Parameters', parameter } satisfies Parameters);
  });

  router.get('/ValueSet/\\$expand', (req, res) => {
    const q = parseOrThrow(ExpandQuery, req.query, 'query');
    const hits = t()
      .search(q.filter, { limit: q.offset + q.count, billableOnly: q.billableOnly === 'true' })
      .slice(q.offset);
    const body: ValueSet = {
      resourceType: 'ValueSet',
      url: ICD10CM_SYSTEM,
      status: 'active',
      expansion: {
        identifier: `urn:uuid:${randomUUID()}`,
        timestamp: new Date().toISOString(),
        offset: q.offset,
        parameter: [
          { name: 'filter', valueString: q.filter },
          { name: 'count', valueInteger: q.count },
          { name: 'version', valueUri: `${ICD10CM_SYSTEM}|${t().info.version}` },
        ],
        contains: hits.map((h) => ({
          system: ICD10CM_SYSTEM,
          version: t().info.version,
          code: h.code,
          display: h.display,
          ...(h.billable ? {} : { abstract: true }),
        })),
      },
    };
    res.type(FHIR_JSON).json(body);
  });

  return router;
}
