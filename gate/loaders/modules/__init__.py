"""Remote modules: the module sources Terraform downloads at ``terraform init``, fetched so that their
resources are judged like local code (docs/modules.md).

The source strings are written by the pull request: which hosts may be contacted, and with which tokens, come
only from the pipeline's environment; what is fetched is data, never run; a module that cannot be fetched is
a notice or an error, never a silent pass.
"""
