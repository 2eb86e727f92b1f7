import { clientsInEveryState } from "./helpers/state-suite.js";

clientsInEveryState("ts6");
