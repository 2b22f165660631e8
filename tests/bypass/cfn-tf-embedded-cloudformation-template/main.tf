resource "aws_cloudformation_stack" "bastion" {
  name = "bastion"
  template_body = jsonencode({
    Resources = {
      BastionSg = {
        Type = "AWS::EC2::SecurityGroup"
        Properties = {
          GroupDescription     = "bastion"
          SecurityGroupIngress = [{ IpProtocol = "tcp", FromPort = 22, ToPort = 22, CidrIp = "0.0.0.0/0" }]
        }
      }
    }
  })
}

resource "aws_cloudcontrolapi_resource" "bastion" {
  type_name = "AWS::EC2::SecurityGroup"
  desired_state = jsonencode({
    GroupDescription     = "bastion"
    SecurityGroupIngress = [{ IpProtocol = "tcp", FromPort = 22, ToPort = 22, CidrIp = "0.0.0.0/0" }]
  })
}
