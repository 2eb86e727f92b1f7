import { clientsInEveryState } from "./helpers/state-suite.js";

clientsInEveryState("s6");
