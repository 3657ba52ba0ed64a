# Platform environments. Owned by the platform team.
terrarium {
  stack = "platform"
}

variable "team" {
  type    = string
  default = "data"
}

# The web team's environment.
environment "web" {
  # name kept stable: sessions refer to it
  name        = "web-prod"
  description = "Web frontend, v3"
  metadata = {
    team = var.team # unchanged, so the expression stays
  }
  config {
    type = "cloud"
    packages {
      npm = ["express@4.18.0"] # pinned on purpose
      pip = ["pandas==2.2.0", "requests==2.32.0"]
    }
    networking {
      type                   = "limited"
      allowed_hosts          = ["https://registry.npmjs.org", "https://api.stripe.com"]
      allow_package_managers = true
      allow_mcp_servers      = true
    }
  }
  lifecycle {
    prevent_destroy = true
  }
}

# A neighbour that must not move.
environment "api" {
  description = "API"
  config {
    type = "cloud"
    packages {
      pip = ["x==1"]
    }
    networking {
      type = "unrestricted"
    }
  }
}
