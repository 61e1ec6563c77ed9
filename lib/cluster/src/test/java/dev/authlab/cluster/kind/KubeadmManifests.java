package dev.authlab.cluster.kind;

/**
 * Static pod manifests as kubeadm 1.34 writes them in a kindcontainer node (its ClusterConfiguration
 * adds runtime-config and service-node-port-range; the addresses are a typical Docker bridge IP).
 */
final class KubeadmManifests {

  private KubeadmManifests() {}

  static final String KUBE_APISERVER = """
      apiVersion: v1
      kind: Pod
      metadata:
        annotations:
          kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint: 172.17.0.2:6443
        labels:
          component: kube-apiserver
          tier: control-plane
        name: kube-apiserver
        namespace: kube-system
      spec:
        containers:
        - command:
          - kube-apiserver
          - --advertise-address=172.17.0.2
          - --allow-privileged=true
          - --authorization-mode=Node,RBAC
          - --client-ca-file=/etc/kubernetes/pki/ca.crt
          - --enable-admission-plugins=NodeRestriction
          - --enable-bootstrap-token-auth=true
          - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
          - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
          - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
          - --etcd-servers=https://127.0.0.1:2379
          - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
          - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
          - --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname
          - --proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt
          - --proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key
          - --requestheader-allowed-names=front-proxy-client
          - --requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt
          - --requestheader-extra-headers-prefix=X-Remote-Extra-
          - --requestheader-group-headers=X-Remote-Group
          - --requestheader-username-headers=X-Remote-User
          - --runtime-config=
          - --secure-port=6443
          - --service-account-issuer=https://kubernetes.default.svc.cluster.local
          - --service-account-key-file=/etc/kubernetes/pki/sa.pub
          - --service-account-signing-key-file=/etc/kubernetes/pki/sa.key
          - --service-cluster-ip-range=10.245.0.0/16
          - --service-node-port-range=30000-32767
          - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
          - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
          image: registry.k8s.io/kube-apiserver:v1.34.0
          imagePullPolicy: IfNotPresent
          livenessProbe:
            failureThreshold: 8
            httpGet:
              host: 172.17.0.2
              path: /livez
              port: probe-port
              scheme: HTTPS
            initialDelaySeconds: 10
            periodSeconds: 10
            timeoutSeconds: 15
          name: kube-apiserver
          ports:
          - containerPort: 6443
            name: probe-port
            protocol: TCP
          readinessProbe:
            failureThreshold: 3
            httpGet:
              host: 172.17.0.2
              path: /readyz
              port: probe-port
              scheme: HTTPS
            periodSeconds: 1
            timeoutSeconds: 15
          resources:
            requests:
              cpu: 250m
          startupProbe:
            failureThreshold: 24
            httpGet:
              host: 172.17.0.2
              path: /livez
              port: probe-port
              scheme: HTTPS
            initialDelaySeconds: 10
            periodSeconds: 10
            timeoutSeconds: 15
          volumeMounts:
          - mountPath: /etc/ssl/certs
            name: ca-certs
            readOnly: true
          - mountPath: /etc/ca-certificates
            name: etc-ca-certificates
            readOnly: true
          - mountPath: /etc/kubernetes/pki
            name: k8s-certs
            readOnly: true
          - mountPath: /usr/local/share/ca-certificates
            name: usr-local-share-ca-certificates
            readOnly: true
          - mountPath: /usr/share/ca-certificates
            name: usr-share-ca-certificates
            readOnly: true
        hostNetwork: true
        priority: 2000001000
        priorityClassName: system-node-critical
        securityContext:
          seccompProfile:
            type: RuntimeDefault
        volumes:
        - hostPath:
            path: /etc/ssl/certs
            type: DirectoryOrCreate
          name: ca-certs
        - hostPath:
            path: /etc/ca-certificates
            type: DirectoryOrCreate
          name: etc-ca-certificates
        - hostPath:
            path: /etc/kubernetes/pki
            type: DirectoryOrCreate
          name: k8s-certs
        - hostPath:
            path: /usr/local/share/ca-certificates
            type: DirectoryOrCreate
          name: usr-local-share-ca-certificates
        - hostPath:
            path: /usr/share/ca-certificates
            type: DirectoryOrCreate
          name: usr-share-ca-certificates
      status: {}
      """;

  static final String KUBE_CONTROLLER_MANAGER = """
      apiVersion: v1
      kind: Pod
      metadata:
        labels:
          component: kube-controller-manager
          tier: control-plane
        name: kube-controller-manager
        namespace: kube-system
      spec:
        containers:
        - command:
          - kube-controller-manager
          - --allocate-node-cidrs=true
          - --authentication-kubeconfig=/etc/kubernetes/controller-manager.conf
          - --authorization-kubeconfig=/etc/kubernetes/controller-manager.conf
          - --bind-address=127.0.0.1
          - --client-ca-file=/etc/kubernetes/pki/ca.crt
          - --cluster-cidr=10.244.0.0/16
          - --cluster-name=kind
          - --cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt
          - --cluster-signing-key-file=/etc/kubernetes/pki/ca.key
          - --controllers=*,bootstrapsigner,tokencleaner
          - --enable-hostpath-provisioner=true
          - --kubeconfig=/etc/kubernetes/controller-manager.conf
          - --leader-elect=true
          - --requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt
          - --root-ca-file=/etc/kubernetes/pki/ca.crt
          - --service-account-private-key-file=/etc/kubernetes/pki/sa.key
          - --service-cluster-ip-range=10.245.0.0/16
          - --use-service-account-credentials=true
          image: registry.k8s.io/kube-controller-manager:v1.34.0
          imagePullPolicy: IfNotPresent
          livenessProbe:
            failureThreshold: 8
            httpGet:
              host: 127.0.0.1
              path: /healthz
              port: probe-port
              scheme: HTTPS
            initialDelaySeconds: 10
            periodSeconds: 10
            timeoutSeconds: 15
          name: kube-controller-manager
          ports:
          - containerPort: 10257
            name: probe-port
            protocol: TCP
          resources:
            requests:
              cpu: 200m
          volumeMounts:
          - mountPath: /etc/kubernetes/pki
            name: k8s-certs
            readOnly: true
          - mountPath: /etc/kubernetes/controller-manager.conf
            name: kubeconfig
            readOnly: true
        hostNetwork: true
        priority: 2000001000
        priorityClassName: system-node-critical
        volumes:
        - hostPath:
            path: /etc/kubernetes/pki
            type: DirectoryOrCreate
          name: k8s-certs
        - hostPath:
            path: /etc/kubernetes/controller-manager.conf
            type: FileOrCreate
          name: kubeconfig
      status: {}
      """;
}
