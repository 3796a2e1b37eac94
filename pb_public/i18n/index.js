// Every message catalog of the portal, by area (see js/i18n.js). A new
// area is a new file here, imported and listed below.
import common from './common.js';
import logbook from './logbook.js';
import placements from './placements.js';
import evaluations from './evaluations.js';
import work from './work.js';

export const CATALOGS = { common, logbook, placements, evaluations, work };
