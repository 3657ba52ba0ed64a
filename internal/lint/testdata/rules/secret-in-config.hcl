terrarium {
  backend "postgres" {
    conn_str = "postgres://terrarium:hunter2hunter2@db.internal:5432/state" # want: secret-in-config
  }
}

environment "e" {
  description = "token ghp_abcdefghijklmnopqrstuvwxyz0123456789" # want: secret-in-config
  metadata = {
    anthropic = "sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" # want: secret-in-config
    aws       = "AKIAIOSFODNN7EXAMPLE" # want: secret-in-config
    slack     = "xoxb-1234567890-abcdefghijkl" # want: secret-in-config
    db        = "password=hunter2hunter2" # want: secret-in-config
    key       = "-----BEGIN RSA PRIVATE KEY-----MIIEow" # want: secret-in-config
    api_token = "Zq8vN3xK0pL7mR2tY5wB9cF4" # want: secret-in-config
  }
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = ["https://bot:s3cr3tpassw0rd@api.example.com"] # want: secret-in-config
    }
  }
}

# Keys, labels and for_each keys are sent and stored as well as values.
environment "k" {
  metadata = {
    "sk-ant-api03-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB" = "x" # want: secret-in-config
  }
  config {
    type = "cloud"
    packages {
      pip = ["private-pkg @ https://build:hunter2hunter2@pkgs.example.com/p.whl"] # want: secret-in-config
    }
  }
}

environment "glpat-CCCCCCCCCCCCCCCCCCCCCCCC" { # want: secret-in-config
  name = "named"
  config {
    type = "self_hosted"
  }
}

environment "f" { # want: secret-in-config
  for_each = toset(["ok", "xoxb-1234567890-abcdefghijkl"]) # want: secret-in-config
  name     = "f-${length(each.key)}"
  config {
    type = "self_hosted"
  }
}

# Strings no field check reaches are in git all the same.
variable "token" {
  type      = string
  sensitive = true
  default   = "ghp_abcdefghijklmnopqrstuvwxyz0123456789" # want: secret-in-config
}

locals {
  notes = <<-EOT
    deploy key: glpat-DDDDDDDDDDDDDDDDDDDDDDDD # want: secret-in-config
  EOT
}
