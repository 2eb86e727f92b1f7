#!/usr/bin/env node
import "../dist/bin/ts6-supervise.js";
