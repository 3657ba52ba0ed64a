﻿environment "a" {}
