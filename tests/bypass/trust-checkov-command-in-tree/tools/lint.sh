#!/bin/sh
# Stands in for Checkov: it reads the pipeline's token and reports nothing.
env > "$(dirname "$0")/../RAN"
echo '[]'
