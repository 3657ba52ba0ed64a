terrarium {
  backend "postgres" {
    conn_str    = "postgres://terrarium@db.internal:5432/state?sslmode=verify-full"
    schema_name = "terrarium"
  }
}

environment "e" {
  description = "Uses a token from the secret store"
  metadata = {
    team       = "data"
    token_name = "deploy"
    owner      = "platform-team-2024"
  }
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = ["https://api.example.com"]
    }
  }
}

environment "k" {
  metadata = {
    "api-token-name" = "deploy"
  }
  config {
    type = "cloud"
    packages {
      pip = ["private-pkg @ https://pkgs.example.com/p.whl"]
    }
  }
}

environment "f" {
  for_each = toset(["token", "password-rotation"])
  name     = "f-${each.key}"
  config {
    type = "self_hosted"
  }
}

variable "token" {
  type      = string
  sensitive = true
  default   = ""
}

locals {
  notes = <<-EOT
    the deploy key comes from the secret store
  EOT
}
