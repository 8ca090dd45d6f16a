/**
 * A request the OData core refuses, in the words of Microsoft.OData.Core (which BC and F&O run on). The
 * emulator answers it in its own error body, with its own code for the reason.
 */
export type ODataErrorReason = 'query-syntax' | 'unknown-property' | 'bad-body' | 'too-many-operations';

export class ODataRequestError extends Error {
  constructor(readonly status: number, readonly reason: ODataErrorReason, message: string) {
    super(message);
  }
}

export const querySyntaxError = (detail = '') => new ODataRequestError(400, 'query-syntax', `Bad Request - Error in query syntax.${detail}`);

export const unknownPropertyError = (property: string, typeName: string) =>
  new ODataRequestError(400, 'unknown-property', `Could not find a property named '${property}' on type '${typeName}'.`);
