export { type ApiRoute, apiRoute, type HttpMethod, openApiPath, type Reply, type ResponseSpec, type Responses } from './api-route.js';
export { DEFAULT_WORDING, type FieldProblem, fieldName, fieldProblems, type ProblemWording } from './field-problems.js';
export { checkRequest, type MountOptions, queryReader, routeSteps } from './mount-routes.js';
export { openApiProblems } from './openapi-check.js';
export { type OpenApiInfo, openApiDocument } from './openapi-document.js';
export { type ResponseChecker, responseChecker } from './response-check.js';
export { type RouteAnswers, type RouteHandler, type RouteRequest, route } from './route-declaration.js';
export { dateTime, messageOf, nullable, oneOf, type Typed, withMessage } from './schema-kit.js';
