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
    type = "self_hosted"
  }
  lifecycle {
    prevent_destroy = true
  }
}

# A neighbour that must not move.
environment "api" {
  description = "API"
  config {
    type = "self_hosted"
  }
}
