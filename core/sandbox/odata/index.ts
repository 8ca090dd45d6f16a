/** The OData server core the ERP emulators share: query options, $filter, paging, ETags, batches (JSON and multipart/mixed), limits, latency. */
export { ODataRequestError, querySyntaxError, unknownPropertyError, type ODataErrorReason } from './odata-error';
export { compileFilter, type FilterTarget, type Predicate } from './filter';
export { selectedFields, expandedParts, preferredPageSize } from './query-options';
export { pageOf, type Page, type PagingStyle } from './paging';
export { opaqueEtag, ifMatchVerdict } from './etag';
export { checkBatchSize, jsonBatch, runBatch, type BatchFormat, type BatchOperation, type BatchResponse, type BatchTransaction, type OperationResult } from './batch';
export { parseMultipartBatch, renderMultipartBatch, type MultipartRequest, type MultipartRequestPart, type MultipartResponse, type MultipartResponsePart } from './multipart-batch';
export { createRequestLimits, type Admission, type RequestLimitRules } from './request-limits';
export { holdAnswer, type LatencyModel } from './latency';
