// Independent validation of what neuroexam emits, with tools written by others:
//   - FHIR.js (`fhir` 4.12, R4 structure definitions and required value sets) validates every
//     FHIR resource, unexpected elements included;
//   - fhirpath.js (`fhirpath`, with its R4 model) evaluates the R4 invariants below, copied from
//     the FHIR R4 specification, on every resource of the types they belong to;
//   - the CDS Hooks 2.0 response rules (cards, suggestions, actions) are checked field by field,
//     and every resource inside an action goes through FHIR.js too.
// Usage: node validate.js ITEMS.json  (ITEMS: [{"name": ..., "kind": "fhir"|"cds", "body": {...}}])
// Prints {"checked": N, "errors": [{"name", "location", "message"}]} and exits 1 when errors exist.
'use strict';
const fs = require('fs');
const { Fhir } = require('fhir');
const fhirpath = require('fhirpath');
const r4 = require('fhirpath/fhir-context/r4');

const fhir = new Fhir();

// R4 invariants (https://hl7.org/fhir/R4/), by the resource type they are declared on. Element
// invariants that apply everywhere (ext-1, qty-3, per-1) are evaluated on every resource.
const INVARIANTS = {
  '*': {
    'dom-2': 'contained.contained.empty()',
    'dom-3': "contained.where(('#' + id in %resource.descendants().reference).not()).empty()",
    'dom-4': 'contained.meta.versionId.empty() and contained.meta.lastUpdated.empty()',
    'dom-5': 'contained.meta.security.empty()',
    'ext-1': 'descendants().where($this is Extension).all(extension.exists() != value.exists())',
    'qty-3': 'descendants().ofType(Quantity).all(code.empty() or system.exists())',
    'per-1': 'descendants().ofType(Period).all(start.hasValue().not() or end.hasValue().not() or (start <= end))',
    'ref-1': "descendants().ofType(Reference).all(reference.startsWith('#').not() or (reference.substring(1) in %rootResource.contained.id))",
    'cod-1': 'descendants().ofType(Coding).all(code.exists() or display.exists() or system.exists() or version.exists() or userSelected.exists() or extension.exists())',
  },
  Observation: {
    'obs-6': 'dataAbsentReason.empty() or value.empty()',
    'obs-7': 'value.empty() or component.code.where(coding.intersect(%resource.code.coding).exists()).empty()',
  },
  Bundle: {
    'bdl-1': "total.empty() or (type = 'searchset') or (type = 'history')",
    'bdl-2': "entry.search.empty() or (type = 'searchset')",
    'bdl-3': "entry.all(request.exists() = (%resource.type = 'batch' or %resource.type = 'transaction' or %resource.type = 'history'))",
    'bdl-4': "entry.all(response.exists() = (%resource.type = 'batch-response' or %resource.type = 'transaction-response' or %resource.type = 'history'))",
    'bdl-5': 'entry.all(resource.exists() or request.exists() or response.exists())',
    'bdl-7': "(type = 'history') or entry.where(fullUrl.exists()).select(fullUrl&resource.meta.versionId).isDistinct()",
    'bdl-8': "entry.all(fullUrl.empty() or fullUrl.contains('/_history/').not())",
    'bdl-9': "type = 'document' implies (identifier.system.exists() and identifier.value.exists())",
  },
  ServiceRequest: {
    'prr-1': 'orderDetail.empty() or code.exists()',
  },
  RiskAssessment: {
    'ras-1': 'prediction.all(probability is decimal implies (probability as decimal) <= 100)',
    'ras-2': 'prediction.all(probability is Range implies ((probability as Range).low.empty() or ((probability as Range).low.code = \'%\' and (probability as Range).low.system = %ucum)) and ((probability as Range).high.empty() or ((probability as Range).high.code = \'%\' and (probability as Range).high.system = %ucum)))',
  },
  Patient: {
    'pat-1': 'contact.all(name.exists() or telecom.exists() or address.exists() or organization.exists())',
  },
  CodeSystem: {
    'csd-1': 'concept.code.combine(descendants().concept.code).isDistinct()',
  },
  CapabilityStatement: {
    'cpb-1': 'rest.exists() or messaging.exists() or document.exists()',
    'cpb-2': '(description.count() + software.count() + implementation.count()) > 0',
    'cpb-3': "messaging.endpoint.empty() or kind = 'instance'",
    'cpb-7': 'document.select(profile&mode).isDistinct()',
    'cpb-9': 'rest.all(resource.select(type).isDistinct())',
    'cpb-14': "(kind != 'instance') or implementation.exists()",
    'cpb-15': "(kind != 'capability') or (implementation.exists().not() and software.exists())",
    'cpb-16': "(kind!='requirements') or (implementation.exists().not() and software.exists().not())",
  },
  OperationOutcome: {
    'opo-1': "issue.all(severity.exists() and code.exists())",
  },
};

function invariantErrors(resource, name, errors) {
  const sets = [INVARIANTS['*'], INVARIANTS[resource.resourceType] || {}];
  for (const set of sets) {
    for (const [key, expression] of Object.entries(set)) {
      let result;
      try {
        result = fhirpath.evaluate(resource, expression, { resource, rootResource: resource, ucum: 'http://unitsofmeasure.org' }, r4);
      } catch (err) {
        errors.push({ name, location: resource.resourceType, message: `${key} could not be evaluated: ${err.message}` });
        continue;
      }
      if (!(result.length === 1 && result[0] === true)) {
        errors.push({ name, location: resource.resourceType, message: `invariant ${key} failed: ${expression}` });
      }
    }
  }
}

function validateResource(resource, name, errors) {
  const outcome = fhir.validate(resource, { errorOnUnexpected: true });
  for (const message of outcome.messages || []) {
    if (message.severity === 'error') {
      errors.push({ name, location: message.location, message: message.message });
    }
  }
  invariantErrors(resource, name, errors);
  if (resource.resourceType === 'Bundle') {
    (resource.entry || []).forEach((entry, index) => {
      if (entry.resource) invariantErrors(entry.resource, `${name} entry[${index}]`, errors);
      if (entry.response && entry.response.outcome) {
        invariantErrors(entry.response.outcome, `${name} entry[${index}].response.outcome`, errors);
      }
    });
  }
}

// CDS Hooks 2.0 (https://cds-hooks.hl7.org/2.0/): the response, card, suggestion and action rules.
const INDICATORS = ['info', 'warning', 'critical'];
const SELECTION = ['at-most-one', 'any'];
const ACTIONS = ['create', 'update', 'delete'];

function cdsErrors(body, name, errors) {
  const fail = (location, message) => errors.push({ name, location, message });
  if (!Array.isArray(body.cards)) return fail('cards', 'a CDS Hooks response needs a cards array');
  body.cards.forEach((card, c) => {
    const at = `cards[${c}]`;
    if (typeof card.summary !== 'string' || card.summary.length === 0 || card.summary.length >= 140) {
      fail(`${at}.summary`, 'summary is required and shorter than 140 characters');
    }
    if (!INDICATORS.includes(card.indicator)) fail(`${at}.indicator`, `indicator must be one of ${INDICATORS}`);
    if (!card.source || typeof card.source.label !== 'string' || !card.source.label) fail(`${at}.source.label`, 'source.label is required');
    if (card.source && card.source.topic && !card.source.topic.code) fail(`${at}.source.topic`, 'topic is a Coding with a code');
    if (card.uuid !== undefined && typeof card.uuid !== 'string') fail(`${at}.uuid`, 'uuid is a string');
    if (card.detail !== undefined && typeof card.detail !== 'string') fail(`${at}.detail`, 'detail is a markdown string');
    (card.overrideReasons || []).forEach((reason, r) => {
      if (!reason.code || !reason.system) fail(`${at}.overrideReasons[${r}]`, 'an override reason is a Coding with system and code');
      if (!reason.display) fail(`${at}.overrideReasons[${r}].display`, 'override reasons are shown: display is required');
    });
    (card.links || []).forEach((link, l) => {
      if (!link.label || !link.url || !['absolute', 'smart'].includes(link.type)) fail(`${at}.links[${l}]`, 'a link needs label, url and type absolute|smart');
    });
    const suggestions = card.suggestions || [];
    if (suggestions.length > 0 && !SELECTION.includes(card.selectionBehavior)) {
      fail(`${at}.selectionBehavior`, 'selectionBehavior (at-most-one|any) is required when suggestions are present');
    }
    if (card.selectionBehavior === 'at-most-one' && suggestions.filter((s) => s.isRecommended).length > 1) {
      fail(`${at}.suggestions`, 'cds-resp-1: an at-most-one card recommends at most one suggestion');
    }
    suggestions.forEach((suggestion, s) => {
      const sat = `${at}.suggestions[${s}]`;
      if (typeof suggestion.label !== 'string' || !suggestion.label) fail(`${sat}.label`, 'a suggestion needs a label');
      if (suggestion.uuid !== undefined && typeof suggestion.uuid !== 'string') fail(`${sat}.uuid`, 'uuid is a string');
      (suggestion.actions || []).forEach((action, a) => {
        const aat = `${sat}.actions[${a}]`;
        if (!ACTIONS.includes(action.type)) fail(`${aat}.type`, `type must be one of ${ACTIONS}`);
        if (typeof action.description !== 'string' || !action.description) fail(`${aat}.description`, 'description is required');
        if (action.type === 'delete') {
          if (typeof action.resourceId !== 'string' || !action.resourceId) fail(`${aat}.resourceId`, 'a delete action names the resource by a resourceId string');
        } else if (!action.resource || typeof action.resource.resourceType !== 'string') {
          fail(`${aat}.resource`, `a ${action.type} action carries the resource`);
        } else {
          validateResource(action.resource, `${name} ${aat}.resource`, errors);
        }
      });
    });
  });
}

function main() {
  const items = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const errors = [];
  for (const item of items) {
    if (item.kind === 'cds') cdsErrors(item.body, item.name, errors);
    else validateResource(item.body, item.name, errors);
  }
  process.stdout.write(JSON.stringify({ checked: items.length, errors }));
  process.exitCode = errors.length ? 1 : 0;
}

main();
