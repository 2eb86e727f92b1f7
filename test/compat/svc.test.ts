import { SVC_SCENARIOS } from "./clients/svc-scenarios.js";
import { differentialSuite } from "./differential/suite.js";

/* Debian's s6-svc driving s6-supervise and ts6-supervise: every command, alone and combined, and every -w. */

differentialSuite("s6-svc: each command alone, on an up and ready service", SVC_SCENARIOS.ALONE_UP);
differentialSuite("s6-svc: each command alone, on a normally down service", SVC_SCENARIOS.ALONE_DOWN);
differentialSuite("s6-svc: commands combined", SVC_SCENARIOS.COMBINED);
differentialSuite("s6-svc -w, with and without -T", SVC_SCENARIOS.WAITING);
