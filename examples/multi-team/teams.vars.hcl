# Pass with: terrarium validate --var-file teams.vars.hcl
stage = "staging"

teams = {
  data = {
    owner = "ana@example.com"
    hosts = ["https://data.example.com"]
    pip   = ["pandas==2.2.0", "scikit-learn==1.5.0"]
  }
  ml = {
    owner = "sam@example.com"
    hosts = ["https://huggingface.co"]
    pip   = ["torch==2.3.1"]
  }
  web = {
    owner = "li@example.com"
    hosts = ["https://cdn.example.com"]
  }
}
