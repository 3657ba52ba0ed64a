# Two least-privilege cloud environments: limited networking, HTTPS hosts
# only, pinned packages.

terrarium {
  stack      = "quickstart"
  on_destroy = "archive"
}

environment "python_dev" {
  name        = "python-dev"
  description = "Data analysis with pandas and numpy"
  metadata = {
    team  = "data"
    owner = "platform"
  }

  config {
    type = "cloud"

    packages {
      pip = ["pandas==2.2.0", "numpy==2.1.0"]
    }

    networking {
      type                   = "limited"
      allowed_hosts          = ["https://api.github.com"]
      allow_package_managers = true
      allow_mcp_servers      = false
    }
  }

  lifecycle {
    prevent_destroy = true
  }
}

environment "node_build" {
  name        = "node-build"
  description = "Builds the web front end"
  metadata = {
    team = "web"
  }

  config {
    type = "cloud"

    packages {
      npm = ["typescript@5.4.5", "esbuild@0.21.5"]
    }

    networking {
      type                   = "limited"
      allowed_hosts          = ["https://registry.npmjs.org"]
      allow_package_managers = true
      allow_mcp_servers      = false
    }
  }
}
