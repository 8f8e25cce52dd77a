// Microsoft Graph's errors for directory operations [D: Graph "Error responses"; O: the messages
// in graph-and-clients.md §C.4]. The message starts with Graph's own sentence, so tools that match
// it keep working; where Graph says only which property was wrong, Entrada adds why after it.

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ReadonlyArray<{ code: string; message: string; target: string }>,
  ) {
    super(message);
  }
}

export function notFound(id: string): GraphError {
  return new GraphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export function denied(why: string): GraphError {
  return new GraphError(403, 'Authorization_RequestDenied', `Insufficient privileges to complete the operation. ${why}`);
}

/** A property's value is wrong: Graph names the property and the resource type; `why` explains. */
export function invalidValue(property: string, resource: string, why?: string): GraphError {
  return new GraphError(
    400,
    'Request_BadRequest',
    `Invalid value specified for property '${property}' of resource '${resource}'.${why ? ` ${why}` : ''}`,
    why ? [{ code: 'InvalidValue', message: why, target: property }] : undefined,
  );
}

/** A property the resource does not have (or that cannot be written). */
export function invalidProperty(property: string, why?: string): GraphError {
  return new GraphError(400, 'Request_BadRequest', `Invalid property '${property}'.${why ? ` ${why}` : ''}`);
}

export function badRequest(message: string, code = 'Request_BadRequest'): GraphError {
  return new GraphError(400, code, message);
}

/** Another object already holds a unique value (Graph's wording for userPrincipalName, mailNickname, …). */
export function duplicateValue(property: string): GraphError {
  return new GraphError(400, 'Request_BadRequest', `Another object with the same value for property ${property} already exists.`, [
    { code: 'ObjectConflict', message: `Another object with the same value for property ${property} already exists.`, target: property },
  ]);
}
