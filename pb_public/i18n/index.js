// Every message catalog of the portal, by area (see js/i18n.js). A new
// area is a new file here, imported and listed below.
import common from './common.js';
import shell from './shell.js';

export const CATALOGS = { common, shell };
