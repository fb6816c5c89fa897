import { builder } from '../builder.js';
import './scalars.js';
import './enums.js';
import './commands.js';
import './claims.js';
import './capacity.js';
import './measures.js';
import './arrangements.js';
import './household.js';
import './timeline.js';
import './complaints.js';
import './violations.js';
import './signals.js';
import './subscriptions.js';
import './audit.js';
import './privacy.js';
import './workspace.js';

export const schema = builder.toSchema({ sortSchema: false });
