# Network allow-list: every host an environment may reach is under one of
# the company's domains or on the list of approved public registries.
#
#   terrarium lint --policy examples/policies/network.hcl examples/multi-team
#
# approved_hosts (a fixed setting) already reports each host it does not
# approve, at the host; the custom rules add what it cannot say.
policy {
  approved_hosts = [
    "https://*.corp.example",
    "https://pypi.org",
    "https://files.pythonhosted.org",
    "https://registry.npmjs.org",
    "https://proxy.golang.org",
    "https://api.github.com",
  ]

  rule "no-public-hosts-for-restricted-data" {
    description   = <<-EOT
      Environments handling restricted data reach company hosts only.

      metadata.data_class = "restricted" marks an environment whose agent
      sees customer data; the public registries are for the others.
    EOT
    when          = lookup(environment.metadata, "data_class", "") == "restricted"
    condition     = length([for h in environment.config.networking.allowed_hosts : h if !can(regex("^https://([a-z0-9-]+\\.)+corp\\.example$", h))]) == 0
    error_message = "${environment.address} handles restricted data and allows hosts outside corp.example"
  }

  rule "limited-networking" {
    description   = <<-EOT
      Cloud environments declare limited networking explicitly.

      Without a networking block the API gives unrestricted access; saying
      "limited" makes the allow-list the whole story.
    EOT
    when          = environment.config.type == "cloud"
    condition     = environment.config.networking.type == "limited"
    error_message = "${environment.address} does not declare limited networking"
  }
}
