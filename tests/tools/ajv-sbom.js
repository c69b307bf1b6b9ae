// ajv-cli plugin (`ajv validate -c tests/tools/ajv-sbom.js ...`) for checking the SBOMs vigil
// writes against their JSON schemas:
//  - the string formats the schemas use: date-time, uri, ... (ajv-formats), idn-email and
//    idn-hostname (ajv-formats-draft2019), and iri / iri-reference as RFC 3987 defines them.
//    (ajv-formats-draft2019's iri-reference also demands a scheme registered with IANA, which
//    rejects the git+ssh:// and git+https:// URLs npm lockfiles hold and RFC 3987 allows;
//    CycloneDX's own validators accept them.)
//  - the schemas CycloneDX 1.6 refers to. @cyclonedx/cyclonedx-library ships them as
//    spdx.SNAPSHOT.schema.json and jsf-0.82.SNAPSHOT.schema.json, and its bom-1.6 schema
//    refers to them by those names, while their own $id lacks ".SNAPSHOT"; so they are added
//    under the names the references use, as the library's own validator does.
'use strict';

const path = require('path');
const addFormats = require('ajv-formats');
const addDraft2019Formats = require('ajv-formats-draft2019');

const cdxSchemas = path.join(__dirname, 'node_modules', '@cyclonedx', 'cyclonedx-library', 'res', 'schema');

// RFC 3987 syntax, simplified: an optional scheme, then no whitespace, controls or the
// characters IRIs never hold, and every '%' starting a percent-encoded octet.
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
function iriReference(value) {
  if (/[\u0000-\u0020\u007f-\u009f<>"{}|\\^`]/.test(value)) return false;
  if (/%(?![0-9A-Fa-f]{2})/.test(value)) return false;
  const colon = value.indexOf(':');
  const firstDelimiter = value.search(/[/?#]/);
  if (colon >= 0 && (firstDelimiter < 0 || colon < firstDelimiter)) return SCHEME.test(value);
  return true;
}
function iri(value) {
  return SCHEME.test(value) && iriReference(value);
}

module.exports = function (ajv) {
  addFormats(ajv);
  addDraft2019Formats(ajv, { formats: ['idn-email', 'idn-hostname'] });
  ajv.addFormat('iri-reference', iriReference);
  ajv.addFormat('iri', iri);
  for (const name of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json']) {
    ajv.addSchema(require(path.join(cdxSchemas, name)), `http://cyclonedx.org/schema/${name}`);
  }
  return ajv;
};
