environment "e" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = [
        "https://pypi.org/simple", # want: host-malformed
        "https://pypi.org?x=1", # want: host-malformed
        "https://pypi.org#top", # want: host-malformed
        "", # want: host-malformed
        "https://py pi.org", # want: host-malformed
        "https://user@pypi.org", # want: host-malformed
        "https://py_pi.org", # want: host-malformed
        "https://pypi.org:99999", # want: host-malformed
        "https://a*.example.com", # want: host-malformed
      ]
    }
  }
}
