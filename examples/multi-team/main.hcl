terrarium {
  stack = "multi-team"
}

locals {
  shared_hosts = ["https://api.github.com", "https://pypi.org"]
  base_metadata = {
    managed_by = "terrarium"
    stage      = var.stage
  }
}

environment "team" {
  for_each = var.teams

  name        = "${each.key}-${var.stage}"
  description = format("Agent environment of the %s team", title(each.key))
  metadata    = merge(local.base_metadata, { team = each.key, owner = each.value.owner })

  config {
    type = "cloud"

    packages {
      pip = each.value.pip
    }

    networking {
      type                   = "limited"
      allowed_hosts          = distinct(concat(local.shared_hosts, each.value.hosts))
      allow_package_managers = length(each.value.pip) > 0
    }
  }

  lifecycle {
    ignore_changes = [metadata.owner]
  }
}
