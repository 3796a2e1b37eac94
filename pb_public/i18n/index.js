// Every message catalog of the portal, by area (see js/i18n.js). A new
// area is a new file here, imported and listed below.
import common from './common.js';
import home from './home.js';
import charts from './charts.js';
import auth from './auth.js';
import staff from './staff.js';
import roster from './roster.js';
import onboarding from './onboarding.js';
import applications from './applications.js';
import internships from './internships.js';
import certificates from './certificates.js';
import notifications from './notifications.js';
import logbook from './logbook.js';
import placements from './placements.js';
import evaluations from './evaluations.js';
import work from './work.js';
import shell from './shell.js';

export const CATALOGS = {
  common, home, charts, auth, staff, roster, onboarding, applications, internships, certificates, notifications,
  logbook, placements, evaluations, work, shell,
};
