// Every message catalog of the portal, by area (see js/i18n.js). A new
// area is a new file here, imported and listed below.
import common from './common.js';
import applications from './applications.js';
import internships from './internships.js';
import certificates from './certificates.js';
import notifications from './notifications.js';

export const CATALOGS = { common, applications, internships, certificates, notifications };
