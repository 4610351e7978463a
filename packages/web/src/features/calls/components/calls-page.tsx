import { useCurrentUser } from '../../../lib/session.tsx';
import { CallReportPage } from './call-report.tsx';
import { CallWorkbench } from './call-workbench.tsx';
import '../calls.css';

/** Agents get the workbench; everyone else who may open the page reads the results. */
export function CallsPage() {
  const user = useCurrentUser();
  return user.role === 'agent' ? <CallWorkbench /> : <CallReportPage />;
}
