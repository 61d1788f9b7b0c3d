/** Public surface of `doctor`: try each configuration on two real samples before paying for a whole run. */
export { probeConfiguration, isUsable, type DoctorRow, type DoctorTarget, type ProbeContext } from './probe.js';
export { renderDoctorTable } from './table.js';
