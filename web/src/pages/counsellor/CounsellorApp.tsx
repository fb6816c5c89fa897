import { HouseholdPage } from './HouseholdPage';
import { HouseholdsPage } from './HouseholdsPage';
import { IntakePage } from './IntakePage';
import { SchuldenoverzichtPage } from './SchuldenoverzichtPage';

/** The counsellor's workspace: /, /intake, /huishoudens/<id>, /huishoudens/<id>/overzicht. */
export function CounsellorApp({ path }: { path: string }) {
  const household = /^\/huishoudens\/([^/]+)(\/overzicht)?$/.exec(path);
  if (household) {
    const id = decodeURIComponent(household[1]!);
    return household[2] ? <SchuldenoverzichtPage householdId={id} /> : <HouseholdPage householdId={id} />;
  }
  if (path === '/intake') return <IntakePage />;
  return <HouseholdsPage />;
}
