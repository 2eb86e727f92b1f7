#!/usr/bin/env node
import "../dist/bin/ts6-svstat.js";
