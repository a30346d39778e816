// Where a kind's own form script (loaded by its templates/kinds/<kind>.html) adds the fields
// the generic New job form does not know to the create request.
const extenders = new Map();

/** Register fn(request) -> request for the kind named `kind`. */
export function addBodyFields(kind, fn) {
  extenders.set(kind, fn);
}

export function extendBody(kind, request) {
  const fn = extenders.get(kind);
  return fn ? fn(request) : request;
}
