import { builder } from '../builder.js';
import './scalars.js';
import './enums.js';
import './commands.js';
import './claims.js';
import './household.js';

export const schema = builder.toSchema({ sortSchema: false });
