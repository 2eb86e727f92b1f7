#!/usr/bin/env node
"use strict";
require("./launch.js")("ts6-svwait");
