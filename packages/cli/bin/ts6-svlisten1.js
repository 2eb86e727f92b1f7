#!/usr/bin/env node
import "../dist/bin/ts6-svlisten1.js";
